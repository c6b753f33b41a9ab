import { randomUUID } from 'node:crypto';
import type { ErrorCode } from '../errors.js';
import type { AuditAction } from './actions.js';

/** The audit row of one request, filled in as the request passes the plugins and resolvers. */
export class AuditRecord {
  readonly requestId = randomUUID();
  readonly startedAt = Date.now();
  private readonly started = performance.now();
  operationName: string | null = null;
  threadId: string | null = null;
  target: string | null = null;
  errorCode: ErrorCode | null = null;

  constructor(
    public actions: AuditAction[],
    readonly clientAddress: string | null,
    readonly userAgent: string | null,
  ) {}

  /** Names the thread the operation touched; the first one named wins. */
  noteThread(threadId: string): void {
    this.threadId ??= threadId;
  }

  /** Names what the operation acted on when that is not a thread (a provider id); never a secret. */
  noteTarget(target: string): void {
    this.target ??= target;
  }

  elapsedMs(): number {
    return Math.round(performance.now() - this.started);
  }
}
