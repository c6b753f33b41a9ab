import { createHash } from 'node:crypto';
import { newMessageId, type OpencodeAdapter } from '@otto/opencode';
import {
  claimIdempotencyKey,
  releaseIdempotencyKey,
  settleIdempotencyKey,
  type IdempotencyEntry,
  type Store,
} from '@otto/store';
import { badInput, codedError } from '../errors.js';
import { acceptedUserMessage, toMessageView, type MessageView } from './messages.js';

export interface SendInput {
  threadId: string;
  text: string;
  idempotencyKey?: string;
  awaitReply: boolean;
  model?: { providerId: string; modelId: string };
  agent?: string;
}

export interface SendResult {
  message: MessageView;
  reply: MessageView | null;
}

/**
 * Sends a prompt at most once per idempotency key. The gateway picks the OpenCode message id
 * before sending and records it with the key, so a retry — after a network error, a concurrent
 * twin, or a gateway restart — can ask OpenCode whether that exact message arrived.
 */
export class SendService {
  /** Sends under way in this process, so a concurrent twin waits instead of sending. */
  private readonly inflight = new Map<string, { fingerprint: string; work: Promise<SendResult> }>();

  constructor(
    private readonly store: Store,
    private readonly adapter: OpencodeAdapter,
    private readonly replyPollMs = 500,
    private readonly replyTimeoutMs = 600_000,
  ) {}

  send(input: SendInput): Promise<SendResult> {
    const key = input.idempotencyKey;
    if (!key) return this.deliver(input, newMessageId());
    const fingerprint = fingerprintOf(input);
    const running = this.inflight.get(key);
    if (running) {
      if (running.fingerprint !== fingerprint) return Promise.reject(reusedKey());
      return this.replayAfter(running.work, input);
    }
    // Registered before the first await, so a twin arriving meanwhile finds it.
    const work = this.claimAndSend(key, fingerprint, input).finally(() => this.inflight.delete(key));
    this.inflight.set(key, { fingerprint, work });
    return work;
  }

  private async claimAndSend(key: string, fingerprint: string, input: SendInput): Promise<SendResult> {
    const claim = await claimIdempotencyKey(this.store.db, {
      key,
      threadId: input.threadId,
      fingerprint,
      messageId: newMessageId(),
      now: Date.now(),
    });
    if (claim.entry.fingerprint !== fingerprint) throw reusedKey();
    if (claim.claimed) return this.deliverOnce(key, input, claim.entry.messageId);
    return this.resume(claim.entry, input);
  }

  private async deliverOnce(key: string, input: SendInput, messageId: string): Promise<SendResult> {
    try {
      const result = await this.deliver(input, messageId);
      await settleIdempotencyKey(this.store.db, key, { status: 'ACCEPTED', now: Date.now() });
      return result;
    } catch (error) {
      await this.settleAfterFailure(key, input.threadId, messageId);
      throw error;
    }
  }

  /** After a failure: keep the key if OpenCode got the message, free it if it surely did not. */
  private async settleAfterFailure(key: string, threadId: string, messageId: string): Promise<void> {
    try {
      const arrived = await this.adapter.message(threadId, messageId);
      if (arrived) await settleIdempotencyKey(this.store.db, key, { status: 'ACCEPTED', now: Date.now() });
      else await releaseIdempotencyKey(this.store.db, key);
    } catch {
      // OpenCode cannot say: the key stays PENDING and the next retry asks again.
    }
  }

  /** A key this process is not sending right now: settled earlier, or left PENDING by a crash. */
  private async resume(entry: IdempotencyEntry, input: SendInput): Promise<SendResult> {
    if (entry.status === 'ACCEPTED') return this.replay(entry.messageId, input);
    const arrived = await this.adapter.message(input.threadId, entry.messageId);
    if (arrived) {
      await settleIdempotencyKey(this.store.db, entry.key, { status: 'ACCEPTED', now: Date.now() });
      return this.replay(entry.messageId, input);
    }
    return this.deliverOnce(entry.key, input, entry.messageId);
  }

  private async replayAfter(running: Promise<SendResult>, input: SendInput): Promise<SendResult> {
    const first = await running;
    return input.awaitReply && !first.reply ? this.replay(first.message.id, input) : first;
  }

  private async replay(messageId: string, input: SendInput): Promise<SendResult> {
    const stored = await this.adapter.message(input.threadId, messageId);
    const message = stored ? toMessageView(stored) : this.accepted(input, messageId);
    const reply = input.awaitReply ? await this.waitForReply(input.threadId, messageId) : null;
    return { message, reply };
  }

  private async deliver(input: SendInput, messageId: string): Promise<SendResult> {
    const prompt = { sessionId: input.threadId, messageId, text: input.text, model: input.model, agent: input.agent };
    if (!input.awaitReply) {
      await this.adapter.promptAsync(prompt);
      return { message: this.accepted(input, messageId), reply: null };
    }
    const reply = toMessageView(await this.adapter.prompt(prompt));
    const stored = await this.adapter.message(input.threadId, messageId);
    return { message: stored ? toMessageView(stored) : this.accepted(input, messageId), reply };
  }

  /** The final assistant message answering `messageId`, polled for when another request sent it. */
  private async waitForReply(threadId: string, messageId: string): Promise<MessageView> {
    const deadline = Date.now() + this.replyTimeoutMs;
    while (Date.now() < deadline) {
      const { messages: recent } = await this.adapter.messages(threadId, { limit: 20 });
      const replies = recent.map(toMessageView).filter((m) => m.parentId === messageId && m.status !== 'PENDING');
      const last = replies.at(-1);
      const toolStep = recent.find((m) => m.info.id === last?.id && m.info.role === 'assistant' && m.info.finish === 'tool-calls');
      if (last && !toolStep) return last;
      await new Promise((resolve) => setTimeout(resolve, this.replyPollMs));
    }
    throw codedError('UPSTREAM_TIMEOUT', 'The reply did not finish in time; read it later with thread.messages');
  }

  private accepted(input: SendInput, messageId: string): MessageView {
    return acceptedUserMessage({
      id: messageId,
      threadId: input.threadId,
      text: input.text,
      at: Date.now(),
      model: input.model ?? null,
      agent: input.agent ?? null,
    });
  }
}

function reusedKey() {
  return badInput('idempotencyKey was already used for a different message', 'idempotencyKey');
}

function fingerprintOf(input: SendInput): string {
  const canonical = JSON.stringify([input.threadId, input.text, input.model ?? null, input.agent ?? null]);
  return createHash('sha256').update(canonical).digest('hex');
}
