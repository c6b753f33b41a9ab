import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { LIMITS } from '../limits.js';

/** How to reach one OpenCode server. */
export interface ServerEndpoint {
  name: string;
  url: string;
  username: string | undefined;
  password: string | undefined;
}

const NAME = new RegExp(`^[a-z0-9][a-z0-9_-]{0,${LIMITS.serverNameMaxChars - 1}}$`);

const endpoint = z.strictObject({
  name: z.string().regex(NAME, `must be lower-case letters, digits, - or _, at most ${LIMITS.serverNameMaxChars} characters`),
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:4096' }).refine(
    (url) => !new URL(url).username && !new URL(url).password,
    'must not carry credentials; use username and password',
  ),
  username: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
});

const list = z
  .array(endpoint)
  .min(1, 'must name at least one server')
  .refine((servers) => new Set(servers.map((server) => server.name)).size === servers.length, 'must not name a server twice');

/**
 * OTTO_OPENCODE_SERVERS: a JSON list, or the path of a file holding one. Throws an Error whose message
 * names what is wrong and never quotes a value (a password may sit beside it).
 */
export function parseServerList(raw: string, cwd: string): ServerEndpoint[] {
  const text = raw.startsWith('[') ? raw : readList(resolve(cwd, raw));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('OTTO_OPENCODE_SERVERS is not valid JSON: give a list such as [{"name":"web","url":"http://10.0.0.5:4096"}], or the path of a file holding one');
  }
  const parsed = list.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new Error(`OTTO_OPENCODE_SERVERS${where}: ${issue?.message ?? 'is not a list of servers'}`);
  }
  return parsed.data.map((server) => ({
    name: server.name,
    url: server.url.replace(/\/$/, ''),
    username: server.username,
    password: server.password,
  }));
}

function readList(path: string): string {
  if (!existsSync(path)) throw new Error('OTTO_OPENCODE_SERVERS must be a JSON list or the path of a file holding one (no such file)');
  return readFileSync(path, 'utf8');
}
