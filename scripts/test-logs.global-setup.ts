import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findSecretsInLogs, TEST_LOG_ROOT_ENV } from '../libs/testkit/src/test-logs.js';

/**
 * The whole run writes its gateways' log files under one folder (test processes and the gateway
 * processes they start inherit OTTO_TEST_LOG_ROOT); once every test has finished, the run fails if
 * any of those files holds a secret a test registered or a text only the tests send.
 */
export function setup(): () => void {
  const root = process.env[TEST_LOG_ROOT_ENV] ?? join(tmpdir(), 'otto-test-logs', `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
  mkdirSync(root, { recursive: true });
  process.env[TEST_LOG_ROOT_ENV] = root;
  return () => {
    const found = findSecretsInLogs(root);
    if (!found.length) {
      rmSync(root, { recursive: true, force: true });
      return;
    }
    process.exitCode = 1;
    throw new Error(`secrets in the tests' log files (kept in ${root}):\n${found.map(({ file, what }) => `  ${file}: ${what}`).join('\n')}`);
  };
}
