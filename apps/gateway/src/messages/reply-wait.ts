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

interface ReplyState {
  finished?: MessageView;
  begun: boolean;
  /** When OpenCode took the message, if it is among the recent ones. */
  sentAt?: number;
  /** Whether OpenCode holds the message with exactly the text sent. */
  stored: boolean;
}

/** Where the reply to `messageId` stands: finished (the last step, not one that only asked for tools), begun, or not begun. */
function replyTo(recent: OpencodeMessageWithParts[], messageId: string, text: string): ReplyState {
  const sent = recent.find(({ info }) => info.id === messageId);
  const base = { sentAt: sent?.info.time.created, stored: sent !== undefined && toMessageView(sent).text === text };
  const last = recent.filter(({ info }) => info.role === 'assistant' && info.parentID === messageId).at(-1);
  if (!last || last.info.role !== 'assistant') return { ...base, begun: false };
  const { info } = last;
  const finished = Boolean(info.error) || (info.time.completed !== undefined && info.finish !== 'tool-calls');
  return { ...base, finished: finished ? toMessageView(last) : undefined, begun: true };
}

/**
 * Waits for OpenCode's finished reply to a message, reading the thread every `pollMs`. A session that
 * OpenCode reports idle while the reply is unfinished — begun, or not begun long after the message
 * arrived — will never finish it (OpenCode died while writing it and was restarted), so that ends
 * the wait at once, as does losing OpenCode (`signal`).
 */
export async function waitForReply(
  opencode: OpencodePort,
  target: { threadId: string; messageId: string; text: string; signal: AbortSignal },
  options: ReplyWaitOptions,
): Promise<MessageView> {
  const { threadId, messageId } = target;
  const signal = AbortSignal.any([target.signal, AbortSignal.timeout(options.timeoutMs)]);
  let idleLooks = 0;
  try {
    while (true) {
      const { messages } = await opencode.messages(threadId, { limit: 20 }, { signal });
      const reply = replyTo(messages, messageId, target.text);
      if (reply.finished) return reply.finished;
      const busy = (await opencode.sessionStatus({ signal }))[threadId];
      const stalled = reply.begun || Date.now() - (reply.sentAt ?? 0) > options.startGraceMs;
      idleLooks = busy || !stalled ? 0 : idleLooks + 1;
      if (idleLooks >= options.idleChecks) {
        // Only what OpenCode is seen to hold is called delivered; otherwise a retry with the key restores it.
        throw codedError(
          'UPSTREAM_UNAVAILABLE',
          reply.stored
            ? 'The reply was cut off: OpenCode stopped while writing it. The message is in the thread; send a new message to continue.'
            : 'The reply was cut off: OpenCode stopped while writing it. Send again with the same idempotencyKey to make sure the message is in the thread.',
          { delivered: reply.stored, messageId },
        );
      }
      await sleep(options.pollMs, signal);
    }
  } catch (error) {
    // OpenCode may have lost the message's text as it died: a retry with the key looks and restores it.
    if (target.signal.aborted) {
      throw codedError('UPSTREAM_UNAVAILABLE', `${messageOf(target.signal.reason)} before the reply finished; send again with the same idempotencyKey to make sure the message is in the thread`, { delivered: false, messageId });
    }
    if (signal.aborted) throw codedError('UPSTREAM_TIMEOUT', 'The reply did not finish in time; read it later with thread.messages', { messageId });
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
