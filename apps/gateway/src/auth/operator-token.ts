import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../config.js';

export const TOKEN_FILE = 'operator-token';

/**
 * The operator secret: from the environment, else the one kept in the data folder, else a new one
 * written there (mode 0600). `generated` tells the caller to show it, once.
 */
export async function resolveOperatorToken(
  configured: string | undefined,
  dataDir: string,
): Promise<{ token: string; generated: boolean; path: string | null }> {
  if (configured) return { token: configured, generated: false, path: null };
  const path = join(dataDir, TOKEN_FILE);
  try {
    const kept = (await readFile(path, 'utf8')).trim();
    if (kept) return { token: kept, generated: false, path };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw unwritable(dataDir, error);
  }
  const token = randomBytes(32).toString('base64url');
  try {
    await mkdir(dataDir, { recursive: true });
    await writeFile(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    throw unwritable(dataDir, error);
  }
  return { token, generated: true, path };
}

function unwritable(dataDir: string, error: unknown): ConfigError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return new ConfigError(`OTTO_DATA_DIR ${dataDir} is not usable (${code}); point it at a writable folder`);
}
