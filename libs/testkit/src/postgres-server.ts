import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A throwaway PostgreSQL server: trust authentication, superuser `postgres`, data in a temporary folder. */
export interface PostgresServer {
  /** The `postgres` database, as superuser: e.g. `postgres://postgres@127.0.0.1:40123/postgres`. */
  url: string;
  /** Stops the server and deletes its folder. */
  stop(): Promise<void>;
}

/** Where Debian puts them; the newest version wins. */
const DEBIAN_BIN_DIRS = '/usr/lib/postgresql';
const START_ATTEMPTS = 3;

export interface StartPostgresOptions {
  /**
   * Keep fsync and full-page writes on, so a crash of the machine cannot corrupt the data; commits still do
   * not wait for the WAL. That is the durability SQLite's WAL with `synchronous=NORMAL` gives, for a fair
   * comparison (the bench). Unset: no fsync at all, as a throwaway test server can.
   */
  crashSafe?: boolean;
}

/**
 * Starts a private PostgreSQL server on a free port of 127.0.0.1, its socket and data in a new temporary
 * folder, with Debian's `initdb` and `pg_ctl` (or those on PATH). Durability is traded for speed as a
 * test server can: commits do not wait for the WAL, and unless `crashSafe`, nothing is fsynced.
 */
export async function startPostgresServer(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const dir = await mkdtemp(join(tmpdir(), 'otto-postgres-'));
  const data = join(dir, 'data');
  // initdb refuses to run as root, and the server refuses to start as root: both run as nobody then, in a
  // folder that user owns.
  const as: { uid?: number; gid?: number } = process.getuid?.() === 0 ? unprivilegedUser() : {};
  if (as.uid !== undefined && as.gid !== undefined) await chown(dir, as.uid, as.gid);
  const tool = (name: string, args: string[]) => run(join(bin, name), args, { ...as, cwd: dir });
  try {
    await tool('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const port = await startOnFreePort(tool, dir, data, options.crashSafe === true);
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      stop: async () => {
        await tool('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w']).catch(() => {});
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

type Tool = (name: string, args: string[]) => Promise<unknown>;

// A free port can be taken between asking for it and the server binding it; then the start fails and
// another port is tried.
async function startOnFreePort(tool: Tool, dir: string, data: string, crashSafe: boolean): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const options = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories='${dir}'`,
      '-c synchronous_commit=off',
      ...(crashSafe ? [] : ['-c fsync=off', '-c full_page_writes=off']),
    ].join(' ');
    try {
      await tool('pg_ctl', ['start', '-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', options]);
      return port;
    } catch (error) {
      if (attempt >= START_ATTEMPTS) throw error;
    }
  }
}

function postgresBinDir(): string {
  const candidates: string[] = [];
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // No pg_config: look where Debian installs the server.
  }
  if (existsSync(DEBIAN_BIN_DIRS)) {
    const versions = readdirSync(DEBIAN_BIN_DIRS).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => join(DEBIAN_BIN_DIRS, version, 'bin')));
  }
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  if (found === undefined) {
    throw new Error(
      'PostgreSQL tests need initdb and pg_ctl: install them (Debian: apt-get install --no-install-recommends postgresql) or set OTTO_TEST_POSTGRES_URL',
    );
  }
  return found;
}

function unprivilegedUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
