import { TunnelUnavailableError, type TunnelPort, type TunnelStatus } from './tunnel.port.js';

export interface FakeTunnel extends TunnelPort {
  /** The program came up and announced this address. */
  up(url?: string | null): void;
  /** The program exited; it restarts after its (fake) backoff, which `up` ends. */
  crash(reason?: string): void;
  /** The next start fails as if the program were not installed. */
  uninstall(): void;
  /** How often start() launched it. */
  readonly starts: number;
}

/** An in-memory tunnel for the gateway's tests: its states change only when the test says so. */
export function createFakeTunnel(): FakeTunnel {
  let status: TunnelStatus = { state: 'DOWN', url: null, lastError: null, restarts: 0 };
  let installed = true;
  let starts = 0;
  return {
    get starts() {
      return starts;
    },
    start() {
      if (!installed) return Promise.reject(new TunnelUnavailableError('fake-cloudflared is not installed'));
      if (status.state === 'DOWN') {
        starts += 1;
        status = { state: 'STARTING', url: null, lastError: null, restarts: 0 };
      }
      return Promise.resolve();
    },
    stop() {
      status = { ...status, state: 'DOWN', url: null };
      return Promise.resolve();
    },
    status: () => status,
    up(url = 'https://fake-tunnel-for-tests.trycloudflare.com') {
      status = { ...status, state: 'UP', url };
    },
    crash(reason = 'exited with code 1') {
      status = { state: 'BACKING_OFF', url: null, lastError: reason, restarts: status.restarts + 1 };
    },
    uninstall() {
      installed = false;
    },
  };
}
