// Bundles the gateway's entry points (and the workspace libs, which ship TypeScript) into dist/;
// third-party packages stay external and load from node_modules. `npm start` runs this first, so
// starting needs no build step of anyone's; the bundle is what makes a cold start fast.
import { build } from 'esbuild';

const workspacePackage = /^@otto\//;

await build({
  entryPoints: { main: 'src/main.ts', demo: 'src/demo.ts' },
  absWorkingDir: new URL('..', import.meta.url).pathname,
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
