import type { OpencodeAdapter } from '@otto/opencode';
import type { Store } from '@otto/store';
import type { YogaInitialContext } from 'graphql-yoga';
import type { HealthMonitor } from './services/health.js';
import type { SessionMirror } from './services/mirror.js';
import type { SendService } from './services/send.js';
import type { ThreadService } from './services/threads.js';

/** Everything a resolver reaches: built once per gateway, shared by every request. */
export interface GatewayServices {
  version: string;
  store: Store;
  opencode: OpencodeAdapter;
  mirror: SessionMirror;
  health: HealthMonitor;
  threads: ThreadService;
  sender: SendService;
}

export interface GatewayContext extends YogaInitialContext {
  services: GatewayServices;
}
