import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareOpencodeHome, startModelServer, type ModelServer, type OpencodeHome } from '@otto/testkit';
import { loadConfig } from '../src/config.js';
import { startServer, type RunningGateway, type StartOptions } from '../src/server.js';
import { openTestLogger } from './harness.js';

export interface SupervisedServer {
  running: RunningGateway;
  model: ModelServer;
  home: OpencodeHome;
  close(): Promise<void>;
}

/**
 * The real server in this process, supervising its own `opencode serve` over the scripted model,
 * logging into the run's checked log folder. `env` is the gateway's configuration on top of a free
 * port, a fresh data folder and a 200 ms health probe.
 */
export async function startSupervisedServer(options: {
  env?: Record<string, string>;
  permission?: 'ask' | 'allow';
  /** The scripted provider's key in OpenCode's config; `null` leaves it out, so a stored key is used. */
  apiKey?: string | null;
  start?: Omit<StartOptions, 'opencodeEnv'>;
}): Promise<SupervisedServer> {
  const model = await startModelServer();
  const home = prepareOpencodeHome({ modelUrl: model.url, permission: options.permission, apiKey: options.apiKey });
  const dataDir = mkdtempSync(join(tmpdir(), 'otto-supervised-'));
  const config = loadConfig({ OTTO_PORT: '0', OTTO_DATA_DIR: dataDir, OTTO_WORKSPACE: home.workspace, OTTO_HEALTH_INTERVAL_MS: '200', ...options.env });
  const logFiles = await openTestLogger();
  const running = await startServer(config, logFiles.logger, { opencodeEnv: home.env, ...options.start });
  return {
    running,
    model,
    home,
    async close() {
      await running.close();
      logFiles.close();
      await model.close();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(home.root, { recursive: true, force: true });
    },
  };
}
