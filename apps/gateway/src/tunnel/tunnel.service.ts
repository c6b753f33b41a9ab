import { codedError } from '../errors.js';
import { TunnelUnavailableError, type TunnelPort, type TunnelStatus } from './tunnel.port.js';

export interface TunnelServiceOptions {
  /** Unset: this gateway has no way to run a tunnel (some tests). */
  port: TunnelPort | undefined;
  /** OTTO_TUNNEL=cloudflared: the tunnel starts with the gateway. */
  configured: boolean;
  /** Whether a named admin can sign in with a password, rather than only the legacy shared token. */
  adminHasPassword: () => Promise<boolean>;
}

/** Said at start and to startTunnel while only the legacy token guards the console. */
export const NEEDS_PASSWORD =
  'A tunnel exposes the console to the internet, and no admin has a password yet (only the shared legacy token guards it). ' +
  'Open the one-time setup link the gateway printed at start and choose the admin password (or call setPassword), then start the tunnel.';

const NO_TUNNEL = 'This gateway cannot run a tunnel.';

/** The tunnel that exposes the console: started with the gateway (OTTO_TUNNEL) or by an admin, never before an admin has a password. */
export class TunnelService {
  /** Asked for since the gateway started (and possibly refused): from then on it is shown, and cookies are Secure. */
  private requested: boolean;
  /** Why the start with the gateway was refused, until a start succeeds. */
  private refusal: string | null = null;

  constructor(private readonly options: TunnelServiceOptions) {
    this.requested = options.configured;
  }

  /** Null while no tunnel was configured or started. */
  current(): TunnelStatus | null {
    if (!this.requested) return null;
    const status = this.options.port?.status() ?? { state: 'DOWN', url: null, lastError: NO_TUNNEL, restarts: 0 };
    return this.refusal && status.state === 'DOWN' ? { ...status, lastError: this.refusal } : status;
  }

  /** The console may be reached over the tunnel's https, though the gateway itself sees only plain http. */
  exposed(): boolean {
    return this.requested;
  }

  /** For OTTO_TUNNEL: starts it, or returns why it would not (the caller prints that). */
  async startWithGateway(): Promise<string | null> {
    if (!this.options.configured) return null;
    try {
      await this.start();
      return null;
    } catch (error) {
      this.refusal = error instanceof Error ? error.message : String(error);
      return this.refusal;
    }
  }

  async start(): Promise<TunnelStatus> {
    if (!(await this.options.adminHasPassword())) throw codedError('PASSWORD_REQUIRED', NEEDS_PASSWORD);
    this.requested = true;
    const { port } = this.options;
    try {
      if (!port) throw new TunnelUnavailableError(NO_TUNNEL);
      await port.start();
    } catch (error) {
      if (!(error instanceof TunnelUnavailableError)) throw error;
      this.refusal = error.message;
      throw codedError('TUNNEL_UNAVAILABLE', error.message);
    }
    this.refusal = null;
    return port.status();
  }

  async stop(): Promise<TunnelStatus> {
    await this.options.port?.stop();
    this.refusal = null;
    return this.current() ?? { state: 'DOWN', url: null, lastError: null, restarts: 0 };
  }

  close(): Promise<void> {
    return this.options.port?.stop() ?? Promise.resolve();
  }
}
