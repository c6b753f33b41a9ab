import { startModelServer, startOpencode, type ModelServer, type OpencodeInstance } from '@otto/testkit';
import { opencodeUp, startTestGateway, type TestGateway } from './harness.js';

/** A suite's real parts: the scripted model server, a real `opencode serve` on it, and a gateway in front. */
export interface RealStack {
  model: ModelServer;
  opencode: OpencodeInstance;
  t: TestGateway;
  close(): Promise<void>;
}

/** Starts them and waits until the gateway sees OpenCode up. */
export async function startRealStack(options: { permission?: 'ask' | 'allow' } = {}): Promise<RealStack> {
  const model = await startModelServer();
  const opencode = await startOpencode({ modelUrl: model.url, permission: options.permission });
  const t = await startTestGateway({ opencodeUrl: opencode.url, password: opencode.password });
  await opencodeUp(t);
  return {
    model,
    opencode,
    t,
    async close() {
      await t.close();
      await opencode.dispose();
      await model.close();
    },
  };
}
