import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Database } from './database.js';
import type { ArchivedRole, MessageArchiveRow } from './tables/message-archive.table.js';

/** A message of a bound thread as the archive keeps it: its text, not its parts. */
export interface ArchivedMessage {
  messageId: string;
  threadId: string;
  role: ArchivedRole;
  createdAt: number;
  completedAt: number | null;
  /** The text parts, joined by blank lines. */
  text: string;
  /** One line per tool call, `tool: title`. */
  tools: string;
  providerId: string | null;
  modelId: string | null;
  agent: string | null;
  cost: number | null;
  archivedAt: number;
}

/** A place in a thread's archived history: messages before it are older. */
export interface ArchivePosition {
  createdAt: number;
  messageId: string;
}

/** A message that matched a search, with the text around the match. */
export interface ArchiveHit {
  message: ArchivedMessage;
  /** Plain text; `…` where it was cut. */
  snippet: string;
  /** The matched words in the snippet: UTF-16 offsets, end exclusive, in order. */
  highlights: Array<{ start: number; end: number }>;
}

/** Words a search may have: more are refused, so one query costs the index a bounded amount. */
export const SEARCH_MAX_TERMS = 16;

// A word as both indexes cut text: letters and digits (with their combining marks); everything else
// separates words. Only such words reach a MATCH or a tsquery, so no input can be read as their syntax.
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
// Snippet() marks matches with these; stored text has them taken out, so every one is a mark.
const MARK_START = '\uE000';
const MARK_END = '\uE001';
// NUL too: PostgreSQL's text cannot hold it.
// eslint-disable-next-line no-control-regex
const MARKS = /[\uE000\uE001\u0000]/g;
const SNIPPET_WORDS = 24;
// At most this many rows per statement: 13 parameters each stays below every dialect's limit.
const ROWS_PER_STATEMENT = 100;

/** The words of an operator's query, as the indexes cut them. */
export function searchTerms(query: string): string[] {
  return query.match(WORD) ?? [];
}

/** Stores messages, replacing what an earlier copy of one held (a message archived again after it changed). */
export async function archiveMessages(db: Kysely<Database>, messages: ArchivedMessage[]): Promise<void> {
  // One row per message: PostgreSQL refuses a statement that upserts the same row twice.
  const unique = [...new Map(messages.map((message) => [message.messageId, message])).values()];
  for (let start = 0; start < unique.length; start += ROWS_PER_STATEMENT) {
    await db
      .insertInto('message_archive')
      .values(unique.slice(start, start + ROWS_PER_STATEMENT).map(toRow))
      .onConflict((oc) =>
        oc.column('message_id').doUpdateSet((eb) => ({
          text: eb.ref('excluded.text'),
          tools: eb.ref('excluded.tools'),
          completed_at: eb.ref('excluded.completed_at'),
          provider_id: eb.ref('excluded.provider_id'),
          model_id: eb.ref('excluded.model_id'),
          agent: eb.ref('excluded.agent'),
          cost: eb.ref('excluded.cost'),
          archived_at: eb.ref('excluded.archived_at'),
        })),
      )
      .execute();
  }
}

/** The newest `limit` archived messages of a thread before `before`, oldest first, and whether older ones exist. */
export async function listArchivedMessages(
  db: Kysely<Database>,
  threadId: string,
  page: { limit: number; before?: ArchivePosition },
): Promise<{ messages: ArchivedMessage[]; hasOlder: boolean }> {
  const { before } = page;
  let query = db.selectFrom('message_archive').selectAll().where('thread_id', '=', threadId);
  if (before) {
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '<', before.createdAt),
        eb.and([eb('created_at', '=', before.createdAt), eb('message_id', '<', before.messageId)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('message_id', 'desc')
    .limit(page.limit + 1)
    .execute();
  return { messages: rows.slice(0, page.limit).reverse().map(toArchivedMessage), hasOlder: rows.length > page.limit };
}

/**
 * Messages of bound threads holding every term (the last one also as the start of a word), best
 * first: FTS5's bm25 on SQLite, ts_rank on PostgreSQL; then newest first.
 */
export async function searchArchive(
  db: Kysely<Database>,
  search: { terms: string[]; limit: number; offset: number },
): Promise<ArchiveHit[]> {
  if (search.terms.length === 0) return [];
  if (isPostgres(db)) {
    const { rows } = await sql<MessageArchiveRow>`
      select a.* from message_archive a
      join session_bindings b on b.session_id = a.thread_id
      cross join to_tsquery('simple', ${tsquery(search.terms)}) q
      where a.search @@ q
      order by ts_rank(a.search, q) desc, a.created_at desc, a.id desc
      limit ${search.limit} offset ${search.offset}
    `.execute(db);
    // Cut here rather than by ts_headline, whose parser would split the text unlike the index (index.ts is one word to it).
    return rows.map((row) => ({ message: toArchivedMessage(row), ...snippetOf(row, search.terms) }));
  }
  const { rows } = await sql<MessageArchiveRow & { snippet: string }>`
    select a.*, snippet(message_archive_fts, -1, ${MARK_START}, ${MARK_END}, '…', ${SNIPPET_WORDS}) as snippet
    from message_archive_fts
    join message_archive a on a.id = message_archive_fts.rowid
    join session_bindings b on b.session_id = a.thread_id
    where message_archive_fts match ${ftsQuery(search.terms)}
    order by bm25(message_archive_fts, 1.0, 0.5), a.created_at desc, a.id desc
    limit ${search.limit} offset ${search.offset}
  `.execute(db);
  return rows.map(({ snippet, ...row }) => ({ message: toArchivedMessage(row), ...unmark(snippet) }));
}

/** How many messages of bound threads `searchArchive` would find in all. */
export async function countArchiveHits(db: Kysely<Database>, terms: string[]): Promise<number> {
  if (terms.length === 0) return 0;
  const { rows } = isPostgres(db)
    ? await sql<{ count: number }>`
        select count(*) as count from message_archive a
        join session_bindings b on b.session_id = a.thread_id
        where a.search @@ to_tsquery('simple', ${tsquery(terms)})
      `.execute(db)
    : await sql<{ count: number }>`
        select count(*) as count from message_archive_fts
        join message_archive a on a.id = message_archive_fts.rowid
        join session_bindings b on b.session_id = a.thread_id
        where message_archive_fts match ${ftsQuery(terms)}
      `.execute(db);
  return Number(rows[0]?.count ?? 0);
}

/** Deletes every archived message (the archive was turned off); returns how many. */
export async function clearMessageArchive(db: Kysely<Database>): Promise<number> {
  const result = await db.deleteFrom('message_archive').executeTakeFirst();
  return Number(result.numDeletedRows);
}

function isPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

// Each term a quoted string, so AND, OR, NOT and NEAR are words like any other; the last also a prefix.
function ftsQuery(terms: string[]): string {
  return terms.map((term, index) => `"${term}"${index === terms.length - 1 ? '*' : ''}`).join(' ');
}

function tsquery(terms: string[]): string {
  return terms.map((term, index) => `${term}${index === terms.length - 1 ? ':*' : ''}`).join(' & ');
}

/** Snippet()'s marked text as plain text and the ranges that were marked. */
function unmark(marked: string): Pick<ArchiveHit, 'snippet' | 'highlights'> {
  const highlights: ArchiveHit['highlights'] = [];
  let snippet = '';
  let start = -1;
  for (const char of marked) {
    if (char === MARK_START) start = snippet.length;
    else if (char === MARK_END && start >= 0) {
      highlights.push({ start, end: snippet.length });
      start = -1;
    } else snippet += char;
  }
  return { snippet, highlights };
}

// Like snippet() with column -1: from the text when the text matches, else from the tool calls.
function snippetOf(row: MessageArchiveRow, terms: string[]): Pick<ArchiveHit, 'snippet' | 'highlights'> {
  const fromText = cutSnippet(row.text, terms);
  return fromText.highlights.length > 0 || !row.tools ? fromText : cutSnippet(row.tools, terms);
}

/**
 * The words around the first match, as FTS5's snippet() cuts them: about SNIPPET_WORDS words with the
 * match early on, `…` where text was left out.
 */
export function cutSnippet(document: string, terms: string[]): Pick<ArchiveHit, 'snippet' | 'highlights'> {
  const words = [...document.matchAll(WORD)].map((match) => ({ start: match.index, end: match.index + match[0].length, word: match[0] }));
  const folded = terms.map((term) => fold(term));
  const matches = (word: string) => {
    const candidate = fold(word);
    return folded.some((term, index) => candidate === term || (index === folded.length - 1 && candidate.startsWith(term)));
  };
  const first = Math.max(0, words.findIndex((word) => matches(word.word)));
  const from = Math.max(0, Math.min(first - 3, words.length - SNIPPET_WORDS));
  const to = Math.min(words.length, from + SNIPPET_WORDS);
  if (words.length === 0) return { snippet: document.slice(0, 200), highlights: [] };
  const cutStart = from === 0 ? 0 : (words[from] as { start: number }).start;
  const cutEnd = to === words.length ? document.length : (words[to - 1] as { end: number }).end;
  const lead = cutStart > 0 ? '…' : '';
  const snippet = `${lead}${document.slice(cutStart, cutEnd)}${cutEnd < document.length ? '…' : ''}`;
  const highlights = words
    .slice(from, to)
    .filter((word) => matches(word.word))
    .map((word) => ({ start: word.start - cutStart + lead.length, end: word.end - cutStart + lead.length }));
  return { snippet, highlights };
}

// Case and accents aside, as both indexes compare words.
const fold = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

function clean(text: string): string {
  return text.replace(MARKS, '');
}

function toRow(message: ArchivedMessage) {
  return {
    message_id: message.messageId,
    thread_id: message.threadId,
    role: message.role,
    created_at: message.createdAt,
    completed_at: message.completedAt,
    text: clean(message.text),
    tools: clean(message.tools),
    provider_id: message.providerId,
    model_id: message.modelId,
    agent: message.agent,
    cost: message.cost,
    archived_at: message.archivedAt,
  };
}

function toArchivedMessage(row: MessageArchiveRow): ArchivedMessage {
  return {
    messageId: row.message_id,
    threadId: row.thread_id,
    role: row.role,
    createdAt: Number(row.created_at),
    completedAt: row.completed_at === null ? null : Number(row.completed_at),
    text: row.text,
    tools: row.tools,
    providerId: row.provider_id,
    modelId: row.model_id,
    agent: row.agent,
    cost: row.cost === null ? null : Number(row.cost),
    archivedAt: Number(row.archived_at),
  };
}
