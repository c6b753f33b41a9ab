import { createRequire } from 'node:module';
import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: {
    // Vite prefers graphql's ESM build while Node (and so Pothos and Yoga) load its CommonJS one;
    // two copies of graphql refuse each other's schema objects. Pin the one Node uses.
    alias: { graphql: createRequire(import.meta.url).resolve('graphql') },
  },
  test: { testTimeout: 60_000, hookTimeout: 90_000 },
});
