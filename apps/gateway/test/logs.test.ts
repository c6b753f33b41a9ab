import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeOpencode } from '@otto/opencode';
import { rememberSecrets } from '@otto/testkit/test-logs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../src/config.js';
import { openGatewayLogger } from '../src/logger.js';
import { logOpencodeLine } from '../src/logs/opencode-lines.js';
import { codes, ok, startTestGateway, type TestGateway } from './harness.js';

// The logs query through the whole gateway: who may read, what it checks, what it answers.
let t: TestGateway;
let dir: string;
const tokens: Record<'VIEWER' | 'OPERATOR', string> = { VIEWER: '', OPERATOR: '' };

const LOGS = `query Logs($first: Int, $after: String, $level: LogLevel, $source: String, $search: String, $since: DateTime, $until: DateTime) {
  logs(first: $first, after: $after, level: $level, source: $source, search: $search, since: $since, until: $until) {
    edges { cursor node { at level source message fields } }
    pageInfo { hasNextPage endCursor }
  }
}`;
type Logs = { logs: { edges: Array<{ cursor: string; node: { at: string; level: string; source: string; message: string; fields: Record<string, unknown> | null } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'otto-logs-query-'));
  const { logger, close } = await openGatewayLogger(loadConfig({ OTTO_LOG_DIR: dir, OTTO_LOG_MAX_BYTES: '1024' }), { write: () => undefined });
  for (let index = 0; index < 30; index += 1) {
    logger.info({ index }, `gateway line ${index}`);
    if (index % 4 === 0) logOpencodeLine(logger, `timestamp=x level=WARN run=r message="opencode line ${index}" session.id=ses_abc`, 'stderr');
    await new Promise((resolve) => setImmediate(resolve));
  }
  close();
  t = await startTestGateway({ opencode: createFakeOpencode(), start: false, logDir: dir });
  for (const role of ['VIEWER', 'OPERATOR'] as const) {
    const password = `logs-${role.toLowerCase()}-password-long-enough`;
    rememberSecrets(password);
    const { createOperator } = ok(
      await t.gql<{ createOperator: { id: string } }>('mutation($i: CreateOperatorInput!) { createOperator(input: $i) { id } }', {
        i: { name: `logs-${role.toLowerCase()}`, password, role },
      }),
    );
    const { createApiToken } = ok(
      await t.gql<{ createApiToken: { token: string } }>('mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }', {
        i: { name: `logs-${role}`, operatorId: createOperator.id },
      }),
    );
    rememberSecrets(createApiToken.token);
    tokens[role] = createApiToken.token;
  }
});

afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('logs', () => {
  it('answers an admin with the newest lines first, each with its level, source and fields', async () => {
    const { logs } = ok(await t.gql<Logs>(LOGS, { first: 3 }));
    expect(logs.edges.map((edge) => edge.node.message)).toEqual(['gateway line 29', 'opencode line 28', 'gateway line 28']);
    expect(logs.edges[1]!.node).toMatchObject({ level: 'WARN', source: 'opencode', fields: { run: 'r', 'session.id': 'ses_abc' } });
    expect(logs.edges[0]!.node).toMatchObject({ level: 'INFO', source: 'gateway', fields: { index: 29 } });
    expect(Date.parse(logs.edges[0]!.node.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(logs.pageInfo.hasNextPage).toBe(true);
  });

  it('pages on with after, and filters by level, source and search', async () => {
    const first = ok(await t.gql<Logs>(LOGS, { first: 2, source: 'gateway' }));
    const next = ok(await t.gql<Logs>(LOGS, { first: 2, source: 'gateway', after: first.logs.pageInfo.endCursor }));
    expect(next.logs.edges.map((edge) => edge.node.message)).toEqual(['gateway line 27', 'gateway line 26']);
    const warnings = ok(await t.gql<Logs>(LOGS, { first: 100, level: 'WARN' }));
    expect(warnings.logs.edges.map((edge) => edge.node.source)).toEqual(Array(8).fill('opencode'));
    const found = ok(await t.gql<Logs>(LOGS, { first: 100, search: 'GATEWAY LINE 1' }));
    expect(found.logs.edges.map((edge) => edge.node.message)).toEqual(['gateway line 19', ...Array.from({ length: 9 }, (_, n) => `gateway line 1${8 - n}`), 'gateway line 1']);
  });

  it('reads only as far as the page needs: counting every line waits for a client to ask for totalCount', async () => {
    const count = vi.spyOn(t.gateway.services.logs, 'count');
    ok(await t.gql<Logs>(LOGS, { first: 2 }));
    expect(count).not.toHaveBeenCalled();
    count.mockRestore();
  });

  it('counts the matching lines when asked', async () => {
    const { logs } = ok(await t.gql<{ logs: { totalCount: number } }>('{ logs(first: 1, source: "opencode") { totalCount } }'));
    expect(logs.totalCount).toBe(8);
  });

  it.each(['VIEWER', 'OPERATOR'] as const)('refuses a %s with FORBIDDEN, and audits the refusal as log.read', async (role) => {
    const result = await t.gql(LOGS, { first: 1 }, { token: tokens[role] });
    expect(codes(result)).toEqual(['FORBIDDEN']);
    const row = await t.store.db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ action: 'log.read', outcome: 'ERROR', error_code: 'FORBIDDEN' });
  });

  it.each([
    ['a page over 500', { first: 501 }, 'first'],
    ['a page of none', { first: 0 }, 'first'],
    ['a cursor it never gave', { first: 1, after: 'bm90IGEgY3Vyc29y' }, 'after'],
    ['a search over 200 characters', { first: 1, search: 'x'.repeat(201) }, 'search'],
    ['a source over 50 characters', { first: 1, source: 'y'.repeat(51) }, 'source'],
  ])('refuses %s with BAD_USER_INPUT naming the argument', async (_name, variables, field) => {
    const result = await t.gql(LOGS, variables);
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.body.errors?.[0]?.extensions?.field).toBe(field);
  });

  it('pages forward only', async () => {
    const result = await t.gql('{ logs(last: 5) { edges { cursor } } }');
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
  });
});
