import { startPostgresServer } from '@otto/testkit/postgres-server';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

/**
 * One PostgreSQL server for the whole run of the store's tests: the one OTTO_TEST_POSTGRES_URL names, or
 * a private one started here. Each test file makes a database of its own on it (see src/test-stores.ts),
 * named with this run's prefix so that, on a server of someone else's, the run drops exactly its own.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.OTTO_TEST_POSTGRES_URL;
  const server = given === undefined ? await startPostgresServer() : undefined;
  const url = given ?? server?.url ?? '';
  const databasePrefix = `otto_test_${process.pid}_${Date.now().toString(36)}_`;
  project.provide('postgresUrl', url);
  project.provide('postgresDatabasePrefix', databasePrefix);
  return async () => {
    if (server !== undefined) return server.stop();
    await dropDatabases(url, databasePrefix);
  };
}

async function dropDatabases(url: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'select datname from pg_database where starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows) await client.query(`drop database if exists ${pg.escapeIdentifier(datname)} with (force)`);
  } finally {
    await client.end();
  }
}
