import { useMutation } from '@urql/vue';
import { computed, reactive, watch } from 'vue';
import { describeError } from '../errors';
import { graphql } from '../gql';
import type { Message } from '../messageHistory';

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
  status: 'sending' | 'sent' | 'failed';
  error?: string;
  /** The accepted message's id; the entry goes once the thread shows that message. */
  messageId?: string;
  /** Ids the thread showed when this was sent: a new user message with the same text is this one. */
  before: ReadonlySet<string>;
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

/** Messages being sent to a thread, shown at once and until the thread itself shows them. */
export function useOutbox(threadId: () => string, options: OutboxOptions) {
  const { executeMutation } = useMutation(SendMessageMutation);

  async function deliver(item: OutgoingMessage) {
    item.status = 'sending';
    item.error = undefined;
    // executeMutation never rejects: a failure (network or GraphQL) is in result.error.
    const result = await executeMutation({ input: { threadId: item.threadId, text: item.text, idempotencyKey: item.key } });
    if (result.data) {
      item.status = 'sent';
      item.messageId = result.data.sendMessage.message.id;
      options.onSent();
    } else {
      item.status = 'failed';
      item.error = result.error ? describeError(result.error) : 'The message was not sent.';
    }
  }

  function send(text: string) {
    const before = new Set(options.shown().map((message) => message.id));
    outbox.push({ key: newKey(), threadId: threadId(), text, status: 'sending', before });
    void deliver(outbox[outbox.length - 1] as OutgoingMessage);
  }

  function retry(key: string) {
    const item = outbox.find((entry) => entry.key === key);
    if (item?.status === 'failed') void deliver(item);
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
