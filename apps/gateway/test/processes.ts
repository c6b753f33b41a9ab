import type { GatewayProcess, OpencodeInstance } from '@otto/testkit';

// For the tests that run gateways as processes and look into a real OpenCode behind them.

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

/** Polls until `check` gives a truthy value (a throw counts as not yet). */
export async function until<T>(check: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
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
