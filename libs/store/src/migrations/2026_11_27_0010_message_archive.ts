import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen: once released, never edit this file; add a new migration instead.
/* eslint-disable @typescript-eslint/no-explicit-any */

// The text of bound threads' messages, kept after OpenCode forgets them and searched across threads.
// Each dialect indexes it with its own full-text search: FTS5 over the rows (an external-content
// table, so the text is stored once, kept in step by triggers), or a generated tsvector with a GIN
// index. Both cut words at anything but letters and digits (PostgreSQL's parser alone would keep
// index.ts or a path whole), case-folded, without stemming: an operator searching for a part of an
// identifier or a file name finds it as written.
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('message_archive')
    // An integer key FTS5 can use as its rowid: a rowid table's implicit one may change on VACUUM.
    .$call((table) =>
      postgres
        ? table.addColumn('id', 'bigint', (col) => col.primaryKey().generatedByDefaultAsIdentity())
        : table.addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement()),
    )
    .addColumn('message_id', 'text', (col) => col.notNull().unique())
    .addColumn('thread_id', 'text', (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull().check(sql`role in ('user', 'assistant')`))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('completed_at', 'bigint')
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('tools', 'text', (col) => col.notNull())
    .addColumn('provider_id', 'text')
    .addColumn('model_id', 'text')
    .addColumn('agent', 'text')
    .addColumn('cost', 'double precision')
    .addColumn('archived_at', 'bigint', (col) => col.notNull())
    .$call((table) =>
      postgres
        ? table.addColumn('search', sql`tsvector`, (col) =>
            col
              .generatedAlwaysAs(sql`to_tsvector('simple', regexp_replace(text || ' ' || tools, '[[:punct:][:space:]]+', ' ', 'g'))`)
              .stored()
              .notNull(),
          )
        : table,
    )
    .execute();
  // A thread's history, oldest first, reads this in order.
  await db.schema
    .createIndex('message_archive_thread_id_idx')
    .on('message_archive')
    .columns(['thread_id', 'created_at', 'message_id'])
    .execute();
  if (postgres) {
    await sql`create index message_archive_search_idx on message_archive using gin (search)`.execute(db);
    return;
  }
  await sql`create virtual table message_archive_fts using fts5(
    text, tools, content = 'message_archive', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
  )`.execute(db);
  await sql`create trigger message_archive_fts_insert after insert on message_archive begin
    insert into message_archive_fts (rowid, text, tools) values (new.id, new.text, new.tools);
  end`.execute(db);
  await sql`create trigger message_archive_fts_delete after delete on message_archive begin
    insert into message_archive_fts (message_archive_fts, rowid, text, tools) values ('delete', old.id, old.text, old.tools);
  end`.execute(db);
  await sql`create trigger message_archive_fts_update after update on message_archive begin
    insert into message_archive_fts (message_archive_fts, rowid, text, tools) values ('delete', old.id, old.text, old.tools);
    insert into message_archive_fts (rowid, text, tools) values (new.id, new.text, new.tools);
  end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    // The triggers go with their table; the index does not.
    await sql`drop table message_archive_fts`.execute(db);
  }
  await db.schema.dropTable('message_archive').execute();
}
