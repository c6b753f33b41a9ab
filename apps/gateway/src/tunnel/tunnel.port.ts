/** Where the tunnel stands; exposed as the TunnelState enum. */
export const TUNNEL_STATES = ['STARTING', 'UP', 'BACKING_OFF', 'DOWN'] as const;
export type TunnelState = (typeof TUNNEL_STATES)[number];

export interface TunnelStatus {
  state: TunnelState;
  /** The public address, once known: read from a quick tunnel's output, or OTTO_TUNNEL_URL for a named one. */
  url: string | null;
  /** Why it last went down, or could not start; null after a clean start. */
  lastError: string | null;
  /** Times it exited and was started again since it was last started on purpose. */
  restarts: number;
}

/** The tunnel program could not be run at all: not installed, or not executable. */
export class TunnelUnavailableError extends Error {
  override readonly name = 'TunnelUnavailableError';
}

/**
 * A tunnel from the internet to the gateway, kept up by restarting it when it exits: cloudflared
 * (cloudflared.ts, the only module that runs it) or the in-memory fake of the tests.
 */
export interface TunnelPort {
  /**
   * Starts it unless it runs already (starting, up or waiting to restart); resolves once the program
   * runs, not once the tunnel is up. Rejects with TunnelUnavailableError when it cannot be run.
   */
  start(): Promise<void>;
  /** Stops it and its restarts; resolves once the program has exited. */
  stop(): Promise<void>;
  status(): TunnelStatus;
}
