import vue from '@vitejs/plugin-vue';
import { defineProject } from 'vitest/config';

export default defineProject({
  plugins: [vue()],
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
    // Browser tests under e2e/ run in a real Chromium with their own runner.
    exclude: ['e2e/**', 'node_modules/**'],
  },
});
