import { defineProject } from 'vitest/config';

export default defineProject({
  // The store's suite runs on SQLite and on a real PostgreSQL server, started once per run.
  test: { globalSetup: ['test/postgres.global-setup.ts'] },
});
