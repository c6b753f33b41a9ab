import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// In development the console is served by Vite; the gateway stays the only origin of data and cookies.
const gateway = 'http://127.0.0.1:4300';

export default defineConfig({
  plugins: [vue()],
  server: {
    proxy: { '/graphql': gateway, '/auth': gateway },
  },
  build: { outDir: 'dist' },
});
