import { rmSync } from 'node:fs';
import { prepareOpencodeHome, startModelServer } from '@otto/testkit';
import { describePortContract } from '../src/port.contract.js';
import { spawnOpencodeServe } from '../src/process.js';
import { createSdkAdapter } from '../src/sdk-adapter.js';

// The scripted model streams this echo over a minute: long enough to crash or abort in the middle.
const HANG = 'this reply never finishes [[slow:60000]]';

describePortContract('SDK adapter against a real opencode serve', async () => {
  const model = await startModelServer();
  const home = prepareOpencodeHome({ modelUrl: model.url });
  const password = 'contract-password';
  const start = (port: number) => spawnOpencodeServe({ cwd: home.workspace, env: home.env, port, password });
  let serve = await start(0);
  const port = Number(new URL(serve.url).port);
  return {
    port: createSdkAdapter({ baseUrl: serve.url, password }),
    hangingPrompt: HANG,
    async crash() {
      // SIGKILL, so OpenCode gets no chance to finish or close anything, as in a real crash.
      const exited = new Promise((resolve) => serve.child.once('exit', resolve));
      serve.child.kill('SIGKILL');
      await exited;
    },
    async restart() {
      serve = await start(port);
    },
    async cleanup() {
      await serve.stop();
      await model.close();
      rmSync(home.root, { recursive: true, force: true });
    },
  };
});
