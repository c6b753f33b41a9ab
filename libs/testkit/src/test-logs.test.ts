import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findSecretsInLogs, rememberSecrets, TEST_LOG_ROOT_ENV, testLogDir } from './test-logs.js';

// The end-of-run check itself, on a root of its own (the run's real root must stay clean).
const runRoot = process.env[TEST_LOG_ROOT_ENV];
let root: string;
afterEach(() => {
  if (runRoot === undefined) delete process.env[TEST_LOG_ROOT_ENV];
  else process.env[TEST_LOG_ROOT_ENV] = runRoot;
  rmSync(root, { recursive: true, force: true });
});

function ownRoot(): string {
  root = mkdtempSync(join(tmpdir(), 'otto-test-logs-check-'));
  process.env[TEST_LOG_ROOT_ENV] = root;
  return root;
}

describe('the secret check over the test log files', () => {
  it('finds a remembered secret, or a scripted-model marker, in any file under the root', () => {
    ownRoot();
    rememberSecrets('a-planted-password-123', 'short', undefined);
    const dir = testLogDir('gateway');
    writeFileSync(join(dir, 'otto.1.log'), '{"msg":"fine"}\n');
    mkdirSync(join(dir, 'nested'));
    writeFileSync(join(dir, 'nested', 'otto.2.log'), '{"msg":"oops a-planted-password-123"}\n{"msg":"kill point 3 [[slow:2000]]"}\n');
    expect(findSecretsInLogs(root)).toEqual([
      { file: join(dir, 'nested', 'otto.2.log'), what: 'a-plan… (22 characters)' },
      { file: join(dir, 'nested', 'otto.2.log'), what: expect.stringContaining('slow') },
    ]);
  });

  it('finds nothing in clean files, never counts the list of secrets itself, and ignores strings too short to mean anything', () => {
    ownRoot();
    rememberSecrets('a-planted-password-123', 'short');
    writeFileSync(join(testLogDir('gateway'), 'otto.1.log'), '{"msg":"short is too common to look for"}\n');
    expect(findSecretsInLogs(root)).toEqual([]);
  });
});
