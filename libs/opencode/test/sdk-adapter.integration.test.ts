import { rmSync } from 'node:fs';
import { prepareOpencodeHome, startModelServer } from '@otto/testkit';
import { describePortContract } from '../src/port.contract.js';
import { spawnOpencodeServe } from '../src/process.js';
import { createSdkAdapter } from '../src/sdk-adapter.js';

// The scripted model streams this echo over a minute: long enough to crash or abort in the middle.
const HANG = 'this reply never finishes [[slow:60000]]';

/**
 * Uses up the connections this process still keeps alive to a killed server, so the contract's next
 * call connects afresh and is refused. Each fails once with ECONNRESET (reached `maybe`, as DESIGN.md
 * says), and some are invisible until then: fetch sometimes opens a connection it never sends on, and
 * OpenCode (which accepts a connection only once data arrives) never had a socket to close for it.
 * Requests in parallel, as fetch gives each of its idle connections one before opening another.
 */
async function dropKeptAliveConnections(url: string): Promise<void> {
  const attempt = () =>
    fetch(`${url}/global/health`, { signal: AbortSignal.timeout(1_000) }).then(
      () => 'answered',
      (error: { cause?: { code?: string } }) => error.cause?.code,
    );
  for (let round = 0; round < 5; round++) {
    const codes = await Promise.all(Array.from({ length: 8 }, attempt));
    if (codes.every((code) => code === 'ECONNREFUSED')) return;
  }
}

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
    questionPrompt: (question, options) => `[[question:${[question, ...options].join('|')}]]`,
    streamingPrompt: 'watch it stream [[stream:4x50]]',
    todoPrompt: (todos) => `[[todo:${todos.map((todo) => `${todo.status}/${todo.priority} ${todo.content}`).join('|')}]]`,
    writePrompt: (file, content) => `[[write:${file} ${content.replaceAll('\n', '\\n')}]]`,
    async crash() {
      // SIGKILL, so OpenCode gets no chance to finish or close anything, as in a real crash.
      const exited = new Promise((resolve) => serve.child.once('exit', resolve));
      serve.child.kill('SIGKILL');
      await exited;
      await dropKeptAliveConnections(serve.url);
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
