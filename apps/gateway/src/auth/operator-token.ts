import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../config.js';

/** Where installs from before named operators kept their generated operator token. */
export const TOKEN_FILE = 'operator-token';

/**
 * The legacy operator token, a token of the bootstrap admin: `OTTO_OPERATOR_TOKEN`, else the token
 * file an older install wrote, else none (new installs use named operators and `otto_` tokens).
 */
export async function readLegacyToken(configured: string | undefined, dataDir: string): Promise<{ token: string; path: string | null } | undefined> {
  if (configured) return { token: configured, path: null };
  const path = join(dataDir, TOKEN_FILE);
  try {
    const kept = (await readFile(path, 'utf8')).trim();
    return kept ? { token: kept, path } : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`${path} is not readable (${(error as NodeJS.ErrnoException).code ?? 'error'}); fix its permissions or remove it`);
  }
}
