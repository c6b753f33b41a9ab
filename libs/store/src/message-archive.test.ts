import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bindSession, unbindSession } from './bindings.js';
import { createMigrator } from './migrate.js';
import {
  archiveMessages,
  clearMessageArchive,
  countArchiveHits,
  cutSnippet,
  listArchivedMessages,
  searchArchive,
  searchTerms,
  type ArchiveHit,
  type ArchivedMessage,
} from './message-archive.js';
import type { Store } from './open.js';
import { openTestStore, STORE_DIALECTS } from './test-stores.js';

let next = 0;
function message(threadId: string, text: string, extra: Partial<ArchivedMessage> = {}): ArchivedMessage {
  next += 1;
  return {
    messageId: `msg_${String(next).padStart(4, '0')}`,
    threadId,
    role: 'assistant',
    createdAt: 1_000 + next,
    completedAt: 2_000 + next,
    text,
    tools: '',
    providerId: 'otto',
    modelId: 'scripted',
    agent: 'build',
    cost: 0.25,
    archivedAt: 3_000,
    ...extra,
  };
}

/** The snippet with its highlights in brackets, to read at a glance. */
function marked(hit: ArchiveHit): string {
  let out = hit.snippet;
  for (const { start, end } of [...hit.highlights].reverse()) out = `${out.slice(0, start)}[${out.slice(start, end)}]${out.slice(end)}`;
  return out;
}

const search = (store: Store, query: string, page = { limit: 20, offset: 0 }) =>
  searchArchive(store.db, { terms: searchTerms(query), ...page });

describe.each(STORE_DIALECTS)('the message archive on %s', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(dialect);
    for (const id of ['ses_a', 'ses_b']) await bindSession(store.db, { sessionId: id, key: `k:${id}`, source: 'api', boundAt: 1 });
  });
  afterEach(async () => {
    await store.close();
  });

  it('finds a word of a message in any bound thread, with the message as it was archived', async () => {
    const kept = message('ses_b', 'The deployment of the billing service finished.', { tools: 'bash: kubectl rollout status' });
    await archiveMessages(store.db, [message('ses_a', 'nothing to see here'), kept]);
    const hits = await search(store, 'billing');
    expect(hits.map((hit) => hit.message)).toEqual([kept]);
    expect(marked(hits[0]!)).toBe('The deployment of the [billing] service finished.');
    expect(await countArchiveHits(store.db, ['billing'])).toBe(1);
    // The tool calls' summary is searched as well.
    expect((await search(store, 'kubectl')).map((hit) => hit.message.messageId)).toEqual([kept.messageId]);
  });

  it('matches every word, case and punctuation aside, the last one also as the start of a word', async () => {
    const [both, one, file] = [
      message('ses_a', 'Restarted the Gateway; it is healthy again.'),
      message('ses_a', 'The gateway is down.'),
      message('ses_b', 'Edited src/index.ts and apps/gateway_main.ts'),
    ];
    await archiveMessages(store.db, [both, one, file]);
    const ids = async (query: string) => (await search(store, query)).map((hit) => hit.message.messageId).sort();
    expect(await ids('GATEWAY healthy')).toEqual([both.messageId]);
    expect(await ids('gateway heal')).toEqual([both.messageId]);
    expect(await ids('gate')).toEqual([both.messageId, one.messageId, file.messageId].sort());
    expect(await ids('index')).toEqual([file.messageId]);
    expect(await ids('main ts')).toEqual([file.messageId]);
    expect(await ids('heal gateway')).toEqual([]);
  });

  it('ranks the message that is more about the words first, and newer first among equals', async () => {
    const passing = message('ses_a', `Mentions the cache once, among ${'many other words about something else '.repeat(8)}`);
    const about = message('ses_b', 'cache cache: the cache was cold, so the cache warmed');
    const older = message('ses_a', 'timeout while waiting', { createdAt: 10 });
    const newer = message('ses_b', 'timeout while waiting', { createdAt: 20 });
    await archiveMessages(store.db, [passing, about, older, newer]);
    expect((await search(store, 'cache')).map((hit) => hit.message.messageId)).toEqual([about.messageId, passing.messageId]);
    expect((await search(store, 'timeout')).map((hit) => hit.message.messageId)).toEqual([newer.messageId, older.messageId]);
  });

  it('pages through the hits and counts them all', async () => {
    await archiveMessages(store.db, Array.from({ length: 5 }, (_, index) => message('ses_a', `report number ${index}`, { createdAt: index })));
    const first = await search(store, 'report', { limit: 2, offset: 0 });
    const rest = await search(store, 'report', { limit: 10, offset: 2 });
    expect([...first, ...rest].map((hit) => hit.message.text)).toEqual([4, 3, 2, 1, 0].map((n) => `report number ${n}`));
    expect(await countArchiveHits(store.db, ['report'])).toBe(5);
  });

  it('cuts a long message around the match, marking where text was left out', async () => {
    const long = `${'lorem ipsum '.repeat(40)}the needle is here ${'dolor sit '.repeat(40)}`;
    await archiveMessages(store.db, [message('ses_a', long)]);
    const [hit] = await search(store, 'needle');
    expect(hit!.snippet.length).toBeLessThan(200);
    expect(hit!.snippet.startsWith('…')).toBe(true);
    expect(hit!.snippet.endsWith('…')).toBe(true);
    expect(marked(hit!)).toContain('the [needle] is here');
  });

  it.each([
    '" OR * NEAR(',
    'NOT',
    'a AND b',
    "'; drop table message_archive; --",
    'col:umn ^start "unclosed',
    '!(x & y) | z <-> w:*',
    '\u0000',
  ])('treats hostile input as words: %j', async (query) => {
    await archiveMessages(store.db, [message('ses_a', 'OR NEAR NOT AND drop table column start x y z w a b')]);
    await expect(search(store, query)).resolves.toBeInstanceOf(Array);
    await expect(countArchiveHits(store.db, searchTerms(query))).resolves.toBeTypeOf('number');
    expect(await sql`select count(*) as n from message_archive`.execute(store.db)).toMatchObject({ rows: [{ n: expect.anything() }] });
  });

  it('finds the operators words themselves when they are in the text', async () => {
    const wanted = message('ses_a', 'Do NOT merge, OR wait NEAR the end');
    await archiveMessages(store.db, [wanted, message('ses_a', 'merge it')]);
    expect((await search(store, '" OR * NEAR(')).map((hit) => hit.message.messageId)).toEqual([wanted.messageId]);
    expect((await search(store, 'NOT merge')).map((hit) => hit.message.messageId)).toEqual([wanted.messageId]);
  });

  it("finds only bound threads: an unbound thread's messages are left out, and back when it is bound again", async () => {
    await archiveMessages(store.db, [message('ses_a', 'secret plan'), message('ses_c', 'secret plan')]);
    expect((await search(store, 'plan')).map((hit) => hit.message.threadId)).toEqual(['ses_a']);
    await unbindSession(store.db, 'ses_a');
    expect(await search(store, 'plan')).toEqual([]);
    expect(await countArchiveHits(store.db, ['plan'])).toBe(0);
    await bindSession(store.db, { sessionId: 'ses_c', key: 'k:c', source: 'api', boundAt: 2 });
    expect((await search(store, 'plan')).map((hit) => hit.message.threadId)).toEqual(['ses_c']);
  });

  it('keeps one row per message: archiving it again replaces its text, and the index follows', async () => {
    const first = message('ses_a', 'draft wording');
    await archiveMessages(store.db, [first]);
    await archiveMessages(store.db, [{ ...first, text: 'final wording', completedAt: 9_999 }]);
    expect(await search(store, 'draft')).toEqual([]);
    expect((await search(store, 'final')).map((hit) => hit.message)).toEqual([{ ...first, text: 'final wording', completedAt: 9_999 }]);
    expect((await listArchivedMessages(store.db, 'ses_a', { limit: 10 })).messages).toHaveLength(1);
  });

  it('takes the snippet marks and NULs out of stored text, so a mark in a snippet is always a match', async () => {
    await archiveMessages(store.db, [message('ses_a', 'odd \uE000marks\uE001 and a nul\u0000 here')]);
    const [hit] = await search(store, 'marks');
    expect(marked(hit!)).toBe('odd [marks] and a nul here');
  });

  it("reads a thread's history a page at a time, oldest first", async () => {
    const history = Array.from({ length: 5 }, (_, index) => message('ses_a', `m${index}`, { createdAt: 100 + Math.floor(index / 2) }));
    await archiveMessages(store.db, [...history].reverse());
    await archiveMessages(store.db, [message('ses_b', 'elsewhere')]);
    const newest = await listArchivedMessages(store.db, 'ses_a', { limit: 2 });
    expect(newest.messages.map((m) => m.text)).toEqual(['m3', 'm4']);
    expect(newest.hasOlder).toBe(true);
    const before = { createdAt: newest.messages[0]!.createdAt, messageId: newest.messages[0]!.messageId };
    const older = await listArchivedMessages(store.db, 'ses_a', { limit: 10, before });
    expect(older.messages.map((m) => m.text)).toEqual(['m0', 'm1', 'm2']);
    expect(older.hasOlder).toBe(false);
  });

  it('forgets everything when the archive is turned off', async () => {
    await archiveMessages(store.db, [message('ses_a', 'to forget'), message('ses_b', 'to forget')]);
    expect(await clearMessageArchive(store.db)).toBe(2);
    expect(await search(store, 'forget')).toEqual([]);
    expect((await listArchivedMessages(store.db, 'ses_a', { limit: 10 })).messages).toEqual([]);
  });

  it('migrates down without a trace of the archive or its index', async () => {
    await archiveMessages(store.db, [message('ses_a', 'gone')]);
    expect((await createMigrator(store.db).migrateTo('2026_11_27_0009_auth_failures')).error).toBeUndefined();
    const tables = (await store.db.introspection.getTables()).map((table) => table.name);
    expect(tables.filter((name) => name.startsWith('message_archive'))).toEqual([]);
    expect((await createMigrator(store.db).migrateToLatest()).error).toBeUndefined();
  });
});

describe('search terms', () => {
  it('are the words of the query, whatever surrounds them', () => {
    expect(searchTerms('" OR * NEAR(')).toEqual(['OR', 'NEAR']);
    expect(searchTerms('src/index.ts, café-crème 42')).toEqual(['src', 'index', 'ts', 'café', 'crème', '42']);
    expect(searchTerms(' ()*"^ ')).toEqual([]);
  });
});

describe('a snippet cut in the gateway', () => {
  it('keeps short text whole and marks each matching word', () => {
    expect(cutSnippet('Gateway up; gateways down', ['gateway'])).toEqual({
      snippet: 'Gateway up; gateways down',
      highlights: [
        { start: 0, end: 7 },
        { start: 12, end: 20 },
      ],
    });
  });
});
