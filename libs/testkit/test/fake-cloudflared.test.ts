import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAKE_CLOUDFLARED } from '../src/fake-cloudflared.js';

describe('fake-cloudflared', () => {
  it('is executable in the working tree, and in git, so a fresh clone can run it', () => {
    expect(statSync(FAKE_CLOUDFLARED).mode & 0o111).toBe(0o111);
    const index = execFileSync('git', ['ls-files', '--stage', '--', FAKE_CLOUDFLARED], { cwd: dirname(FAKE_CLOUDFLARED), encoding: 'utf8' });
    // Not yet added: git takes the bit from the working tree when it is.
    if (index) expect(index).toMatch(/^100755 /);
  });

  it('refuses command lines cloudflared would not be given', () => {
    expect(() => execFileSync(FAKE_CLOUDFLARED, ['tunnel', '--url', 'http://127.0.0.1:1'], { stdio: 'pipe' })).toThrow(/unexpected arguments/);
  });
});
