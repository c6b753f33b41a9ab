import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGatewayProcess, startModelServer, startOpencode, type GatewayProcess, type ModelServer, type OpencodeInstance } from '@otto/testkit';

// For the tests that run gateways as processes and look into a real OpenCode behind them.

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

export interface Answer<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/** One GraphQL request to a gateway process, as a script would send it. */
export async function gql<T>(gateway: GatewayProcess, query: string, variables: Record<string, unknown> = {}): Promise<Answer<T>> {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gateway.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(60_000),
  });
  return (await response.json()) as Answer<T>;
}

export const code = (answer: Answer<unknown>) => answer.errors?.[0]?.extensions?.code;

/** Two gateway processes run from source on one new SQLite file, one real OpenCode behind them. */
export interface SqlitePair {
  model: ModelServer;
  opencode: OpencodeInstance;
  a: GatewayProcess;
  b: GatewayProcess;
  close(): Promise<void>;
}

/**
 * Starts them, `together` (both migrating the new file at once) or one after the other. From source,
 * like cli.test.ts, so the suites need no build.
 */
export async function startSqlitePair(options: { together: boolean }): Promise<SqlitePair> {
  const model = await startModelServer();
  const opencode = await startOpencode({ modelUrl: model.url });
  const dir = await mkdtemp(join(tmpdir(), 'otto-sqlite-pair-'));
  const env = { OTTO_DATABASE_URL: `sqlite:${join(dir, 'otto.sqlite')}`, NODE_OPTIONS: '--import tsx' };
  const start = () => startGatewayProcess({ entry: MAIN, opencodeUrl: opencode.url, opencodePassword: opencode.password, env });
  const [a, b] = options.together ? await Promise.all([start(), start()]) : [await start(), await start()];
  return {
    model,
    opencode,
    a,
    b,
    async close() {
      await Promise.allSettled([a.dispose(), b.dispose()]);
      await opencode.dispose();
      await model.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * What OpenCode holds for one user text: the user messages carrying it, their own text parts (not the
 * synthetic ones), the agent's runs replying to them, and how many of those finished.
 */
export async function heldOnce(server: OpencodeInstance, threadId: string, text: string) {
  const response = await fetch(`${server.url}/session/${threadId}/message`, { headers: { authorization: server.authHeader } });
  const messages = (await response.json()) as Array<{
    info: { id: string; role: string; parentID?: string; time: { completed?: number } };
    parts: Array<{ type: string; text?: string; synthetic?: boolean }>;
  }>;
  const users = messages.filter((message) => message.info.role === 'user' && message.parts.some((part) => part.type === 'text' && part.text === text));
  const textParts = users.flatMap((message) => message.parts.filter((part) => part.type === 'text' && !part.synthetic));
  const runs = messages.filter((message) => message.info.role === 'assistant' && users.some((user) => user.info.id === message.info.parentID));
  return { users: users.length, textParts: textParts.length, runs: runs.length, finished: runs.filter((run) => run.info.time.completed).length };
}
