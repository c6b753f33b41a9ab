import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../src/server.js';
import { eventually } from './harness.js';
import { promtoolLint, samplesOf, startPrometheus, valueOf } from './prometheus.js';
import { startSupervisedServer, type SupervisedServer } from './supervised-server.js';

// /metrics of the real server (HTTP routing, the supervisor, the SDK adapter) over its own
// `opencode serve`: linted by promtool and scraped by a real Prometheus.
const METRICS_TOKEN = 'metrics-token-integration-0123456789';
const LEGACY_TOKEN = 'legacy-operator-token-0123456789';
let server: SupervisedServer;
let running: RunningGateway;

async function scrape(token = METRICS_TOKEN): Promise<string> {
  const response = await fetch(`${running.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return response.text();
}

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(running.graphqlUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${LEGACY_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data;
}

const opencodeUp = async () => valueOf(await scrape(), 'otto_opencode_up') === 1;

beforeAll(async () => {
  server = await startSupervisedServer({
    permission: 'allow',
    env: { OTTO_OPERATOR_TOKEN: LEGACY_TOKEN, OTTO_METRICS_TOKEN: METRICS_TOKEN },
    start: { restartBackoff: { initialMs: 100, maxMs: 400 } },
  });
  running = server.running;
  await eventually(opencodeUp, 30_000);
}, 90_000);

afterAll(async () => {
  await server?.close();
});

describe('GET /metrics of the real gateway', () => {
  it('is routed beside GraphQL and the console, and refuses a request without the token', async () => {
    const refused = await fetch(`${running.url}/metrics`);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(await scrape(LEGACY_TOKEN)).toContain('otto_opencode_up 1');
  });

  it('times each OpenCode call by its route template, and passes promtool check metrics', async () => {
    const { createThread } = await gql<{ createThread: { id: string } }>('mutation { createThread(input: { title: "Metrics private title" }) { id } }');
    await gql('mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } } }', {
      i: { threadId: createThread.id, text: 'hello', idempotencyKey: 'metrics-integration-0001' },
    });
    const text = await scrape();
    expect(promtoolLint(text)).toBe('');
    const routes = new Set(samplesOf(text).filter((sample) => sample.name === 'otto_opencode_request_duration_seconds_count').map((sample) => `${sample.labels.method} ${sample.labels.route}`));
    expect(routes).toContain('GET /global/health');
    expect(routes).toContain('POST /session');
    expect(routes).toContain('POST /session/:id/prompt_async');
    // An id begins a word; a name such as otto_response_cache_misses_total only has its letters inside one.
    expect(text).not.toMatch(/\bses_/);
    expect(text).not.toContain('private title');
    expect(valueOf(text, 'otto_sends_total', { outcome: 'delivered' })).toBe(1);
    expect(valueOf(text, 'otto_mirror_sessions')).toBeGreaterThanOrEqual(1);
  });

  it('counts an exit of the supervised opencode serve, which is up again after its restart', async () => {
    const before = valueOf(await scrape(), 'otto_opencode_restarts_total');
    process.kill(running.supervisor!.pid()!, 'SIGKILL');
    await eventually(async () => valueOf(await scrape(), 'otto_opencode_restarts_total') === before + 1, 10_000, 50);
    await eventually(opencodeUp, 30_000);
  });
});

describe('a real Prometheus server', () => {
  it('scrapes it with the metrics token (up == 1), and not without (up == 0)', async () => {
    // Without any token rather than a wrong one: wrong tokens count towards the client's limit, which
    // the scraper with the right one shares (one address).
    const prometheus = await startPrometheus({ target: running.url, jobs: { otto: METRICS_TOKEN, anonymous: null } });
    try {
      const up = async (job: string) => (await prometheus.query(`up{job="${job}"}`))[0]?.value[1];
      await eventually(async () => (await up('otto')) === '1' && (await up('anonymous')) === '0', 30_000, 250);
      const [series] = await prometheus.query('otto_opencode_up{job="otto"}');
      expect(series?.value[1]).toBe('1');
    } finally {
      await prometheus.stop();
    }
  }, 60_000);
});
