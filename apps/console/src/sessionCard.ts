import type { Message } from './messageHistory';

/** How much of a reply a card shows. */
export const CARD_LINES = 4;
export const CARD_CHARS = 320;

export interface CardReply {
  /** The reply's first lines, plain; empty while the agent has written nothing yet. */
  excerpt: string;
  /** More of the reply than the excerpt shows. */
  more: boolean;
  createdAt: string;
  working: boolean;
  failed: boolean;
}

/**
 * What a session card says of the agent's last reply: the newest assistant message, and, while that one
 * has no text yet (a tool step, a reply being written), the newest words it did write.
 */
export function lastReply(messages: readonly Message[]): CardReply | null {
  const replies = messages.filter((message) => message.role === 'ASSISTANT');
  const newest = replies.at(-1);
  if (!newest) return null;
  const worded = [...replies].reverse().find((message) => message.text.trim() !== '');
  const { excerpt, more } = firstLines(worded?.text ?? '');
  return { excerpt, more, createdAt: newest.createdAt, working: newest.status === 'PENDING', failed: newest.status === 'FAILED' };
}

/** The first non-blank lines of a text, at most `CARD_LINES` and `CARD_CHARS`. */
export function firstLines(text: string): { excerpt: string; more: boolean } {
  const lines = text.split('\n').map((line) => line.trimEnd()).filter((line) => line.trim() !== '');
  let excerpt = lines.slice(0, CARD_LINES).join('\n');
  let more = lines.length > CARD_LINES;
  if (excerpt.length > CARD_CHARS) {
    excerpt = `${excerpt.slice(0, CARD_CHARS).trimEnd()}…`;
    more = true;
  } else if (more) {
    excerpt = `${excerpt}…`;
  }
  return { excerpt, more };
}
