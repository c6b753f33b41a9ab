import { useMutation } from '@urql/vue';
import { computed, reactive, watch } from 'vue';
import type { CombinedError } from '@urql/core';
import { describeError, isOutcomeUnknown } from '../errors';
import { graphql } from '../gql';
import type { Message } from '../messageHistory';
import { choiceFor } from './threadChoice';

const SendMessageMutation = graphql(`
  mutation SendMessage($input: SendMessageInput!) {
    sendMessage(input: $input) {
      message {
        id
      }
    }
  }
`);

export interface OutgoingMessage {
  /** The idempotency key, kept for every retry: the gateway never sends one key twice. */
  key: string;
  threadId: string;
  text: string;
  /**
   * unconfirmed: the gateway could not tell whether OpenCode has it (DELIVERY_UNCONFIRMED,
   * IDEMPOTENCY_IN_PROGRESS, no answer). Never "not sent": sending again under the same key finds out.
   */
  status: 'sending' | 'sent' | 'unconfirmed' | 'failed';
  error?: string;
  /** While unconfirmed: another try under the same key is due or under way, so no Retry button. */
  retrying?: boolean;
  /** The accepted message's id; the entry goes once the thread shows that message. */
  messageId?: string;
  /** Ids the thread showed when this was sent: a new user message with the same text is this one. */
  before: ReadonlySet<string>;
  /** The thread's model and agent picks when it was sent: a retry must send what the key was first sent with. */
  model: string | null;
  agent: string | null;
  /** Attached files, kept for retries: a key's retry must carry the same bytes. */
  files: readonly File[];
}

export interface OutboxOptions {
  /** The thread's messages as shown now. */
  shown: () => readonly Message[];
  /** A send was accepted: a good moment to look for the reply. */
  onSent: () => void;
}

// Module-wide: a send keeps going, and stays visible, when the operator switches threads meanwhile.
const outbox = reactive<OutgoingMessage[]>([]);

function newKey(): string {
  // randomUUID exists only in secure contexts; a gateway reached over plain http on a LAN address is not one.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Tries of an unconfirmed send, by itself, before it waits for the operator's Retry. */
export const AUTO_RETRY_DELAYS_MS = [1_000, 3_000, 9_000] as const;

/** Backs off; IDEMPOTENCY_IN_PROGRESS may say the first try needs longer. */
function retryDelay(error: CombinedError, tried: number): number {
  const hinted = error.graphQLErrors[0]?.extensions.retryAfterMs;
  const fallback = AUTO_RETRY_DELAYS_MS[tried] ?? 10_000;
  return typeof hinted === 'number' && hinted > 0 ? Math.max(hinted, fallback) : fallback;
}

/** Typed, unlike a bare Object.assign: a status the union lacks does not compile. */
function update(item: OutgoingMessage, patch: Partial<OutgoingMessage>): void {
  Object.assign(item, patch);
}

/** Messages being sent to a thread, shown at once and until the thread itself shows them. */
export function useOutbox(threadId: () => string, options: OutboxOptions) {
  const { executeMutation } = useMutation(SendMessageMutation);

  /** One try, always under the item's own key: that is what makes trying again safe. */
  async function deliver(item: OutgoingMessage, autoRetried: number) {
    // executeMutation never rejects: a failure (network or GraphQL) is in result.error.
    const result = await executeMutation({
      // With files urql sends a GraphQL multipart request.
      input: { threadId: item.threadId, text: item.text, idempotencyKey: item.key, model: item.model, agent: item.agent, files: item.files.length ? [...item.files] : null },
    });
    // Discarded meanwhile: nothing is shown for it any more.
    if (!outbox.includes(item)) return;
    if (result.data) {
      update(item, { status: 'sent', error: undefined, retrying: false, messageId: result.data.sendMessage.message.id });
      options.onSent();
      return;
    }
    const error = result.error;
    if (error && isOutcomeUnknown(error)) {
      const again = autoRetried < AUTO_RETRY_DELAYS_MS.length;
      update(item, { status: 'unconfirmed', error: describeError(error), retrying: again });
      if (again) {
        setTimeout(() => {
          if (outbox.includes(item) && item.retrying) void deliver(item, autoRetried + 1);
        }, retryDelay(error, autoRetried));
      }
      return;
    }
    update(item, { status: 'failed', error: error ? describeError(error) : 'The message was not sent.', retrying: false });
  }

  function send(text: string, files: readonly File[] = []) {
    const before = new Set(options.shown().map((message) => message.id));
    const { model, agent } = choiceFor(threadId());
    outbox.push({ key: newKey(), threadId: threadId(), text, status: 'sending', before, model, agent, files });
    void deliver(outbox[outbox.length - 1] as OutgoingMessage, 0);
  }

  /** The operator's Retry: the same entry, so the same key, never a new one. */
  function retry(key: string) {
    const item = outbox.find((entry) => entry.key === key);
    if (!item || item.retrying || (item.status !== 'failed' && item.status !== 'unconfirmed')) return;
    update(item, { status: 'sending', error: undefined });
    void deliver(item, 0);
  }

  function discard(key: string) {
    const index = outbox.findIndex((entry) => entry.key === key);
    if (index >= 0) outbox.splice(index, 1);
  }

  const mine = computed(() => outbox.filter((item) => item.threadId === threadId()));
  const shownIds = computed(() => new Set(options.shown().map((message) => message.id)));

  // An accepted message whose server copy is shown has nothing left to say.
  watch([shownIds, () => mine.value.map((item) => item.messageId)], ([ids]) => {
    for (const item of mine.value.filter((entry) => entry.messageId && ids.has(entry.messageId))) discard(item.key);
  });

  /** What to show: a poll can bring the server's copy before the send itself has returned. */
  const items = computed(() => {
    const arrived = options.shown().filter((message) => message.role === 'USER');
    return mine.value.filter(
      (item) => item.status === 'failed' || !arrived.some((message) => message.text === item.text && !item.before.has(message.id)),
    );
  });
  const sending = computed(() => mine.value.some((item) => item.status !== 'failed'));

  return { items, sending, send, retry, discard };
}
