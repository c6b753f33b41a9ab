import { readFileSync } from 'node:fs';
import { startGatewayProcess } from '@otto/testkit';
import { load } from './load.js';

export function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

/**
 * A gateway process of its own, as `npm start` runs it, with the given sessions bound and mirrored:
 * its RSS at rest, at its peak under the pollers, and right after them.
 */
export async function pollerMemory(options: { entry: string; opencodeUrl: string; password: string; sessionIds: string[]; query: string; pollers: number; seconds: number }) {
  const gateway = await startGatewayProcess({ entry: options.entry, opencodeUrl: options.opencodeUrl, opencodePassword: options.password, env: { OTTO_HEALTH_INTERVAL_MS: '5000' } });
  try {
    const headers = { authorization: `Bearer ${gateway.token}`, 'content-type': 'application/json' };
    const graphql = async (query: string, variables: Record<string, unknown> = {}) => {
      const response = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      const body = (await response.json()) as { data?: Record<string, { totalCount?: number; status?: string }>; errors?: unknown };
      if (!body.data) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
      return body.data;
    };
    for (let i = 0; i < options.sessionIds.length; i += 50) {
      await Promise.all(
        options.sessionIds.slice(i, i + 50).map((threadId) => graphql('mutation($i: BindThreadInput!) { bindThread(input: $i) { id } }', { i: { threadId, key: `memory:${threadId}`, source: 'scheduler' } })),
      );
    }
    const pid = gateway.pid() as number;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const rest = rssOf(pid);
    let peak = rest;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 100);
    const result = await load({ url: `${gateway.url}/graphql`, body: options.query, headers, connections: options.pollers, seconds: options.seconds });
    clearInterval(sampler);
    const after = rssOf(pid);
    return { rest, peak: Math.max(peak, after), after, rps: result.rps };
  } finally {
    await gateway.dispose();
  }
}
