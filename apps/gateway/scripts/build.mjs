// Bundles the gateway's entry points (and the workspace libs, which ship TypeScript) into dist/;
// third-party packages stay external and load from node_modules. `npm start` runs this first, so
// starting needs no build step of anyone's; the bundle is what makes a cold start fast.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

const workspacePackage = /^@otto\//;
const root = new URL('..', import.meta.url).pathname;

// Chunk names change with their content: without this, dist/ keeps every build's old chunks.
await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });

await build({
  entryPoints: { main: 'src/main.ts', demo: 'src/demo.ts' },
  absWorkingDir: root,
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'external-third-party',
      setup(context) {
        context.onResolve({ filter: /^[^./]/ }, (args) => (workspacePackage.test(args.path) ? undefined : { external: true }));
      },
    },
  ],
});
