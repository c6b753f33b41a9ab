import { createHash } from 'node:crypto';
import { isOpencodeError, newMessageId, OpencodeError, type OpencodeMessageWithParts, type OpencodePort } from '@otto/opencode';
import { claimIdempotencyKey, DEFAULT_SERVER, settleIdempotencyKey, type IdempotencyEntry, type Store } from '@otto/store';
import { AttachmentService, type Attachment } from '../attachments/attachment.service.js';
import { DEFAULT_UPLOAD_LIMITS } from '../attachments/upload-limits.js';
import { badInput, codedError, codeOf, type ErrorCode } from '../errors.js';
import { HeldLease, LEASE_RENEW_MS } from './held-lease.js';
import { acceptedUserMessage, toMessageView, type MessageView } from './message-view.js';
import { sleep, waitForReply, type ReplyWaitOptions } from './reply-wait.js';

/** How long after an OpenCode reload a reply may take to begin before it counts as cut off. */
export const RELOAD_START_GRACE_MS = 30_000;

export interface SendInput {
  threadId: string;
  text: string;
  idempotencyKey?: string;
  awaitReply: boolean;
  model?: { providerId: string; modelId: string };
  agent?: string;
  /** Sent with the text as file parts, once checked (size, type, what the model takes). */
  files?: readonly File[];
}

/** A send whose files are checked and read: what goes to OpenCode. */
type Outgoing = Omit<SendInput, 'files'> & { files: readonly Attachment[] };

/**
 * What a send came to: delivered (OpenCode accepted the text from this call), replayed (a retry or
 * twin found it delivered already; nothing sent again), unconfirmed (DELIVERY_UNCONFIRMED), failed
 * (not delivered: refused, unknown thread, key reused or in progress, OpenCode unreachable).
 */
export const SEND_OUTCOMES = ['delivered', 'replayed', 'unconfirmed', 'failed'] as const;
export type SendOutcome = (typeof SEND_OUTCOMES)[number];
type Report = (outcome: SendOutcome) => void;

export interface SendResult {
  message: MessageView;
  reply: MessageView | null;
}

export interface SendServiceOptions {
  opencode: OpencodePort;
  store: Store;
  /** NOT_FOUND for a thread OpenCode does not have, so nothing is sent to it; within the send's deadline. */
  requireSession: (threadId: string, signal: AbortSignal) => Promise<unknown>;
  /** One deadline for getting a message accepted, however many OpenCode calls that takes. */
  timeoutMs: number;
  reply?: Partial<ReplyWaitOptions>;
  /**
   * How long after OpenCode accepted a message its text may still be on the way to its storage: a
   * retry within this time that finds it missing waits for it rather than sending it twice. Default 2 s.
   */
  acceptGraceMs?: number;
  /** The OpenCode server that holds a thread: losing one server ends only the sends waiting on it. Default: one server. */
  serverOf?: (threadId: string) => string;
  /** How often a send renews its claim on its idempotency key (a lease); default 10 s. */
  leaseRenewMs?: number;
  /** Also the clock of the leases, so every gateway sharing the database must keep the same time. */
  clock?: () => number;
  /** Told once per send what it came to, as soon as that is known (an awaited reply comes after). */
  onOutcome?: Report;
  /** Checks and reads a message's files. Default: the default upload limits, and no check against the model. */
  attachments?: Pick<AttachmentService, 'prepare'>;
  /** Refuses (BAD_USER_INPUT) a model or agent the thread's server does not offer, before anything is sent. */
  checkChoice?: (choice: Pick<SendInput, 'model' | 'agent'>, threadId: string) => Promise<void>;
}

interface Inflight {
  fingerprint: string;
  /** Settles once the message is accepted (or the send failed). */
  accepted: Promise<SendResult>;
  /** Settles once the whole send, an awaited reply included, has. */
  done: Promise<SendResult>;
}

/** What OpenCode holds under a message id, compared with the text that was sent. */
type Holding = 'absent' | 'empty' | 'exact' | 'different';

interface Look {
  holding: Holding;
  held: OpencodeMessageWithParts | null;
}

/**
 * Sends a prompt so that a send reported delivered is in OpenCode exactly once. The gateway picks
 * the OpenCode message id before sending and keeps it with the idempotency key, and every retry looks
 * at what OpenCode holds under that id before sending anything: OpenCode keeps a message's id but can
 * lose its text when it dies just after accepting it, and appends the text again when a prompt reuses
 * an id — so a blind resend would duplicate and a blind "already there" would lie. An outcome that
 * cannot be known is DELIVERY_UNCONFIRMED, never success. Only the attempt holding the key's lease in
 * the database may send, so gateways sharing it send a key once; the others may only replay.
 */
export class SendService {
  private readonly inflight = new Map<string, Inflight>();
  /** Per OpenCode server: aborted (and replaced) when that server is lost. */
  private readonly lost = new Map<string, AbortController>();
  private readonly serverOf: (threadId: string) => string;
  /** Until then, a reply may take long to begin: OpenCode reloaded and loads everything again on the first prompt. */
  private slowStartUntil = 0;
  private readonly opencode: OpencodePort;
  private readonly store: Store;
  private readonly requireSession: (threadId: string, signal: AbortSignal) => Promise<unknown>;
  private readonly timeoutMs: number;
  private readonly replyOptions: ReplyWaitOptions;
  private readonly acceptGraceMs: number;
  private readonly leaseRenewMs: number;
  private readonly now: () => number;
  private readonly onOutcome: Report | undefined;
  private readonly attachments: Pick<AttachmentService, 'prepare'>;
  private readonly checkChoice: NonNullable<SendServiceOptions['checkChoice']>;

  constructor(options: SendServiceOptions) {
    this.opencode = options.opencode;
    this.store = options.store;
    this.requireSession = options.requireSession;
    this.serverOf = options.serverOf ?? (() => DEFAULT_SERVER);
    this.timeoutMs = options.timeoutMs;
    this.replyOptions = { pollMs: 500, timeoutMs: 600_000, idleChecks: 2, startGraceMs: 3_000, ...options.reply };
    this.acceptGraceMs = options.acceptGraceMs ?? 2_000;
    this.leaseRenewMs = options.leaseRenewMs ?? LEASE_RENEW_MS;
    this.now = options.clock ?? Date.now;
    this.onOutcome = options.onOutcome;
    this.attachments = options.attachments ?? new AttachmentService({ limits: DEFAULT_UPLOAD_LIMITS, opencode: options.opencode });
    this.checkChoice = options.checkChoice ?? (() => Promise.resolve());
  }

  /** An OpenCode server is gone (exited, or health and the event stream lost it): every send waiting on it ends now. */
  upstreamLost(reason: string, server: string = DEFAULT_SERVER): void {
    const lost = this.lost.get(server);
    this.lost.delete(server);
    lost?.abort(new OpencodeError('UPSTREAM_UNAVAILABLE', `OpenCode stopped (${reason})`, undefined, 'maybe'));
  }

  /**
   * OpenCode reloaded (a provider key changed): for a while its first replies begin late, with the
   * session not yet reported busy, which would otherwise read as a reply cut off by a crash.
   */
  expectSlowStart(): void {
    this.slowStartUntil = this.now() + RELOAD_START_GRACE_MS;
  }

  async send(input: SendInput): Promise<SendResult> {
    let reported = false;
    const report: Report = (outcome) => {
      if (reported) return;
      reported = true;
      this.onOutcome?.(outcome);
    };
    try {
      return await this.deliver(input, report);
    } catch (error) {
      // Once the text is in, only the awaited reply can fail, and the send was reported already.
      report(codeOf(error) === 'DELIVERY_UNCONFIRMED' ? 'unconfirmed' : 'failed');
      throw error;
    }
  }

  private async deliver(input: SendInput, report: Report): Promise<SendResult> {
    // One deadline from here until OpenCode has the message, however many calls that takes.
    const deadline = this.deadline(input.threadId);
    await this.requireSession(input.threadId, deadline);
    if (input.model || input.agent) await this.checkChoice({ model: input.model, agent: input.agent }, input.threadId);
    // Before the key is claimed: a refused file sends nothing and leaves the key free.
    const files = input.files?.length ? await this.attachments.prepare(input.files, { threadId: input.threadId, model: input.model, signal: deadline }) : [];
    return this.deliverChecked({ ...input, files }, deadline, report);
  }

  private async deliverChecked(input: Outgoing, deadline: AbortSignal, report: Report): Promise<SendResult> {
    const key = input.idempotencyKey;
    if (!key) return this.sendOnce(input, deadline, report);
    const fingerprint = fingerprintOf(input);
    const running = this.inflight.get(key);
    if (running) {
      if (running.fingerprint !== fingerprint) return Promise.reject(reusedKey());
      return this.follow(running, input, report);
    }
    // Registered before the first await, so a twin arriving meanwhile finds it.
    let acceptedNow!: (result: SendResult) => void;
    let failedEarly!: (error: unknown) => void;
    const accepted = new Promise<SendResult>((resolve, reject) => {
      acceptedNow = resolve;
      failedEarly = reject;
    });
    accepted.catch(() => undefined);
    const done = this.sendKeyed(key, fingerprint, input, deadline, acceptedNow, report)
      .catch((error: unknown) => {
        failedEarly(error);
        throw error;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, { fingerprint, accepted, done });
    return done;
  }

  /** A twin of a send under way in this process: it shares that send's outcome, and never sends. */
  private async follow(running: Inflight, input: Outgoing, report: Report): Promise<SendResult> {
    const accepted = await running.accepted;
    report('replayed');
    if (!input.awaitReply) return { ...accepted, reply: null };
    const first = await running.done;
    return first.reply ? first : { message: first.message, reply: await this.awaitReply(input, first.message.id) };
  }

  /** Without a key there is nothing to look up later: an unknown outcome is reported as unknown. */
  private async sendOnce(input: Outgoing, deadline: AbortSignal, report: Report): Promise<SendResult> {
    const messageId = newMessageId();
    try {
      await this.opencode.promptAsync(promptOf(input, messageId), { signal: deadline });
    } catch (error) {
      throw outcomeOf(error, false);
    }
    report('delivered');
    return this.finish(input, this.accepted(input, messageId));
  }

  private async sendKeyed(
    key: string,
    fingerprint: string,
    input: Outgoing,
    deadline: AbortSignal,
    onAccepted: (result: SendResult) => void,
    report: Report,
  ): Promise<SendResult> {
    const proposed = newMessageId();
    const claim = await claimIdempotencyKey(this.store.db, { key, threadId: input.threadId, fingerprint, messageId: proposed, now: this.now() });
    if (claim.entry.fingerprint !== fingerprint) throw reusedKey();
    if (!claim.claimed) return this.replayHeld(claim.entry, input, deadline, onAccepted, report);
    const { entry } = claim;
    const lease = new HeldLease({
      store: this.store,
      lease: { key, owner: entry.leaseOwner },
      until: entry.leaseUntil,
      now: this.now,
      renewEveryMs: this.leaseRenewMs,
    });
    try {
      const message = await this.deliverOnce(entry, input, entry.messageId === proposed, AbortSignal.any([deadline, lease.lost]), report);
      onAccepted({ message, reply: null });
      return await this.finish(input, message);
    } finally {
      // An unconfirmed send lets go too, its key PENDING: the next retry looks and sends what is missing.
      await lease.release();
    }
  }

  /**
   * Another attempt, maybe on another gateway, holds the key: this one sends nothing. An accepted message
   * that OpenCode holds exactly is answered (its reply awaited read-only); anything else is in progress,
   * answered at once without asking OpenCode.
   */
  private async replayHeld(entry: IdempotencyEntry, input: Outgoing, signal: AbortSignal, onAccepted: (result: SendResult) => void, report: Report): Promise<SendResult> {
    const { holding, held } = entry.status === 'ACCEPTED' ? await this.look(entry, input, signal) : { holding: 'absent', held: null };
    if (holding !== 'exact' || !held) {
      throw codedError('IDEMPOTENCY_IN_PROGRESS', 'A send with this idempotencyKey is under way; retry in a few seconds', { retryAfterMs: 1_000 });
    }
    report('replayed');
    const message = toMessageView(held);
    onAccepted({ message, reply: null });
    return this.finish(input, message);
  }

  /**
   * Puts the text into OpenCode under the key's message id exactly once: a fresh claim sends at once;
   * any other attempt first looks at what OpenCode holds and sends only what is missing. Called only by
   * the attempt holding the key's lease; `signal` ends with the send's deadline or the lease.
   */
  private async deliverOnce(entry: IdempotencyEntry & { leaseOwner: string }, input: Outgoing, fresh: boolean, signal: AbortSignal, report: Report): Promise<MessageView> {
    const { messageId } = entry;
    const settle = (status: 'ACCEPTED' | 'FAILED', errorCode?: ErrorCode) =>
      settleIdempotencyKey(this.store.db, entry.key, { status, errorCode, now: this.now(), leaseOwner: entry.leaseOwner });
    if (!fresh) {
      const { holding, held } = await this.look(entry, input, signal);
      if (holding === 'exact' && held) {
        await settle('ACCEPTED');
        report('replayed');
        return toMessageView(held);
      }
      if (holding === 'different') {
        throw codedError('DELIVERY_UNCONFIRMED', 'OpenCode holds other text under this message id; check the thread before sending again', { messageId });
      }
    }
    try {
      await this.opencode.promptAsync(promptOf(input, messageId), { signal });
    } catch (error) {
      const outcome = outcomeOf(error, true);
      const code = codeOf(outcome);
      // Surely not delivered: FAILED with its code, and a retry may send again. Unknown: stays PENDING.
      if (code && code !== 'DELIVERY_UNCONFIRMED') await settle('FAILED', code).catch(() => undefined);
      throw outcome;
    }
    report('delivered');
    await settle('ACCEPTED');
    return this.accepted(input, messageId);
  }

  /** What OpenCode holds under the key's message id; nothing is sent, and the key stays as it was. */
  private async look(entry: IdempotencyEntry, input: Outgoing, signal: AbortSignal): Promise<Look> {
    try {
      let held = await this.opencode.message(input.threadId, entry.messageId, { signal });
      let holding = holdingOf(held, input.text);
      // Just accepted: OpenCode may not have stored the text yet, so look again before sending it twice.
      while (entry.status === 'ACCEPTED' && holding !== 'exact' && this.now() - entry.updatedAt < this.acceptGraceMs) {
        await sleep(100, signal);
        held = await this.opencode.message(input.threadId, entry.messageId, { signal });
        holding = holdingOf(held, input.text);
      }
      return { holding, held };
    } catch (error) {
      throw outcomeOf(signal.aborted && !isOpencodeError(error) ? signal.reason : error, true);
    }
  }

  private async finish(input: Outgoing, message: MessageView): Promise<SendResult> {
    return { message, reply: input.awaitReply ? await this.awaitReply(input, message.id) : null };
  }

  private awaitReply(input: Outgoing, messageId: string): Promise<MessageView> {
    const options = this.now() < this.slowStartUntil ? { ...this.replyOptions, startGraceMs: Math.max(this.replyOptions.startGraceMs, RELOAD_START_GRACE_MS) } : this.replyOptions;
    return waitForReply(this.opencode, { threadId: input.threadId, messageId, text: input.text, signal: this.lostSignal(input.threadId) }, options);
  }

  /** Ends when the send's time is up or the thread's OpenCode server is lost, whichever comes first. */
  private deadline(threadId: string): AbortSignal {
    return AbortSignal.any([AbortSignal.timeout(this.timeoutMs), this.lostSignal(threadId)]);
  }

  /** Aborts when the OpenCode server holding the thread is lost. */
  private lostSignal(threadId: string): AbortSignal {
    const server = this.serverOf(threadId);
    let lost = this.lost.get(server);
    if (!lost) {
      lost = new AbortController();
      this.lost.set(server, lost);
    }
    return lost.signal;
  }

  private accepted(input: Outgoing, messageId: string): MessageView {
    return acceptedUserMessage({
      id: messageId,
      threadId: input.threadId,
      text: input.text,
      at: this.now(),
      model: input.model ?? null,
      agent: input.agent ?? null,
      files: input.files,
    });
  }
}

function promptOf(input: Outgoing, messageId: string) {
  const files = input.files.map(({ mime, filename, url }) => ({ mime, filename, url }));
  return { sessionId: input.threadId, messageId, text: input.text, model: input.model, agent: input.agent, files };
}

function holdingOf(held: OpencodeMessageWithParts | null, text: string): Holding {
  if (!held) return 'absent';
  const view = toMessageView(held);
  if (view.parts.every((part) => part.kind !== 'text')) return 'empty';
  return view.text === text ? 'exact' : 'different';
}

/**
 * The client's answer for a failed prompt: a request that never reached OpenCode, or that OpenCode
 * answered with an error, surely delivered nothing; one cut off or timed out may have been delivered.
 */
function outcomeOf(error: unknown, keyed: boolean): unknown {
  if (!isOpencodeError(error)) return error;
  if (error.reached !== 'maybe') {
    const code: ErrorCode = error.code === 'NOT_FOUND' ? 'NOT_FOUND' : error.code === 'BAD_REQUEST' ? 'BAD_USER_INPUT' : error.code;
    return codedError(code, error.message);
  }
  return codedError(
    'DELIVERY_UNCONFIRMED',
    keyed
      ? `${error.message}; OpenCode may or may not have the message: send again with the same idempotencyKey to find out`
      : `${error.message}; OpenCode may or may not have the message, and without an idempotencyKey a retry could send it twice`,
    { cause: error.code },
  );
}

function reusedKey() {
  return badInput('idempotencyKey was already used for a different message', 'idempotencyKey');
}

/** Files count by name, type and a hash of their bytes; a send without any keeps the fingerprint it always had. */
function fingerprintOf(input: Outgoing): string {
  const files = input.files.map((file) => [file.filename, file.mime, file.sha256]);
  const canonical = JSON.stringify([input.threadId, input.text, input.model ?? null, input.agent ?? null, ...(files.length ? [files] : [])]);
  return createHash('sha256').update(canonical).digest('hex');
}
