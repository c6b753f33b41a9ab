import { defineConfig } from 'vitest/config';

// One run over every package; each package keeps its own vitest.config.ts for `npm test -w`.
export default defineConfig({
  test: {
    projects: ['libs/*', 'apps/*', 'apps/console/e2e'],
    // Every gateway a test starts logs under one folder; the run fails if a secret reached any of its files.
    globalSetup: ['scripts/test-logs.global-setup.ts'],
    // Integration suites each start a real `opencode serve`; on a 2-core machine more than two at once
    // only makes them all slower and flakier.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
