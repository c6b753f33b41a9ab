import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    // A real OpenCode takes ~2.5 s to start and its first prompt as long again; on a busy 2-core machine
    // either can take several times that.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
