import type { OpencodeMessageWithParts, OpencodePort } from '@otto/opencode';
import { codedError } from '../errors.js';
import { toMessageView, type MessageView } from './message-view.js';

export interface ReplyWaitOptions {
  /** Between two looks at the thread. */
  pollMs: number;
  /** The longest a reply is waited for. */
  timeoutMs: number;
  /** Looks in a row that find the session idle with no finished reply before it counts as cut off. */
  idleChecks: number;
  /**
   * How long after OpenCode took the message a reply may not have begun while the session still
   * looks idle (OpenCode's first prompt loads its providers before it reports busy).
   */
  startGraceMs: number;
}

/** Where the reply to `messageId` stands: finished (the last step, not one that only asked for tools), begun, or not begun. */
function replyTo(recent: OpencodeMessageWithParts[], messageId: string): { finished?: MessageView; begun: boolean; sentAt?: number } {
  const sentAt = recent.find(({ info }) => info.id === messageId)?.info.time.created;
  const last = recent.filter(({ info }) => info.role === 'assistant' && info.parentID === messageId).at(-1);
  if (!last || last.info.role !== 'assistant') return { begun: false, sentAt };
  const { info } = last;
  const finished = Boolean(info.error) || (info.time.completed !== undefined && info.finish !== 'tool-calls');
  return { finished: finished ? toMessageView(last) : undefined, begun: true, sentAt };
}

/**
 * Waits for OpenCode's finished reply to a message, reading the thread every `pollMs`. A session that
 * OpenCode reports idle while the reply is unfinished — begun, or not begun long after the message
 * arrived — will never finish it (OpenCode died while writing it and was restarted), so that ends
 * the wait at once, as does losing OpenCode (`signal`).
 */
export async function waitForReply(
  opencode: OpencodePort,
  target: { threadId: string; messageId: string; signal: AbortSignal },
  options: ReplyWaitOptions,
): Promise<MessageView> {
  const { threadId, messageId } = target;
  const signal = AbortSignal.any([target.signal, AbortSignal.timeout(options.timeoutMs)]);
  let idleLooks = 0;
  try {
    while (true) {
      const { messages } = await opencode.messages(threadId, { limit: 20 }, { signal });
      const reply = replyTo(messages, messageId);
      if (reply.finished) return reply.finished;
      const busy = (await opencode.sessionStatus({ signal }))[threadId];
      const stalled = reply.begun || Date.now() - (reply.sentAt ?? 0) > options.startGraceMs;
      idleLooks = busy || !stalled ? 0 : idleLooks + 1;
      if (idleLooks >= options.idleChecks) {
        throw codedError('UPSTREAM_UNAVAILABLE', 'The reply was cut off: OpenCode stopped while writing it. The message was delivered; read the thread, or send a new message.', {
          delivered: true,
          messageId,
        });
      }
      await sleep(options.pollMs, signal);
    }
  } catch (error) {
    if (target.signal.aborted) throw codedError('UPSTREAM_UNAVAILABLE', `${messageOf(target.signal.reason)}; the message was delivered, the reply did not finish`, { delivered: true, messageId });
    if (signal.aborted) throw codedError('UPSTREAM_TIMEOUT', 'The reply did not finish in time; read it later with thread.messages', { delivered: true, messageId });
    throw error;
  }
}

function messageOf(reason: unknown): string {
  return reason instanceof Error ? reason.message : 'OpenCode stopped';
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', stop, { once: true });
  });
}
