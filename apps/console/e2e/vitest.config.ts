import { defineProject } from 'vitest/config';

// Browser tests: real chromium, real gateway process, real `opencode serve`, scripted model.
export default defineProject({
  test: {
    name: '@otto/console-e2e',
    include: ['**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One browser, one OpenCode and one gateway are shared by the file's tests, in order.
    sequence: { concurrent: false },
  },
});
