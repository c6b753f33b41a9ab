import { fileURLToPath } from 'node:url';

/**
 * A stand-in for Cloudflare's `cloudflared` (bin/fake-cloudflared, executable): prints what
 * cloudflared prints and can be told to crash, but opens no tunnel. The real binary is not packaged
 * for the machines the tests run on. Its instructions are environment variables:
 */
export const FAKE_CLOUDFLARED = fileURLToPath(new URL('../bin/fake-cloudflared', import.meta.url));

export const FAKE_CLOUDFLARED_ENV = {
  /** A file it appends one JSON line to per start: `{ pid, argv, hasTunnelToken, tunnelTokenSha256 }`. */
  record: 'FAKE_CLOUDFLARED_RECORD',
  /** A file whose appearance makes it delete the file and exit with code 1. */
  crashFile: 'FAKE_CLOUDFLARED_CRASH_FILE',
  /** Milliseconds after which it exits with code 1. */
  crashAfterMs: 'FAKE_CLOUDFLARED_CRASH_AFTER_MS',
} as const;

/** One start of the stand-in, as it recorded it. */
export interface FakeCloudflaredStart {
  pid: number;
  argv: string[];
  hasTunnelToken: boolean;
  tunnelTokenSha256: string | null;
}
