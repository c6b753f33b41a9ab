import { resolve } from 'node:path';
import { prepareOpencodeHome, startModelServer } from '@otto/testkit/demo';
import { main } from './cli.js';

// `npm run demo`: the whole loop offline, with no API key. A scripted model stands in for the LLM
// (see libs/testkit), OpenCode runs in its own HOME under the demo's data folder, and bash asks
// for permission so the operator sees that flow too.
process.env.OTTO_DATA_DIR ??= 'data/demo';
const model = await startModelServer();
const opencode = prepareOpencodeHome({
  modelUrl: model.url,
  permission: 'ask',
  root: resolve(process.env.OTTO_DATA_DIR, 'opencode'),
});
process.env.OTTO_WORKSPACE = opencode.workspace;
delete process.env.OPENCODE_URL;

await main({ opencodeEnv: opencode.env }, [
  '  Demo: OpenCode answers with a scripted model (no API key, no network). Try, in a thread:',
  '    hello                      → "echo: hello"',
  '    list files [[tool:bash ls]] → a bash tool call that waits for your permission',
  '    think [[slow:8000]]        → a slow reply you can abort',
  '    plan [[todo:pending Try it]] → a todo list (Todo, above the messages)',
  '    save [[write:hi.txt hello]] → a file written (Changes), then Revert on your message',
]);
