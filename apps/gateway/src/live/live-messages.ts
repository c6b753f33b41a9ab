import type { OpencodeEvent, OpencodeMessage, OpencodeMessageWithParts, OpencodePart } from '@otto/opencode';

/** Messages kept once nothing has happened to them for a while; a busy gateway writes a few hundred at once at most. */
const KEEP = 300;

interface Entry {
  info?: OpencodeMessage;
  parts: Map<string, OpencodePart>;
}

/**
 * The messages being written right now, as OpenCode's events build them: a text part grows with each
 * delta, which `GET /session/:id/message` would show empty until it ends. A subscriber that fell
 * behind is sent the whole message from here.
 */
export class LiveMessages {
  // Insertion order is recency order: an entry touched again is moved to the end.
  private readonly entries = new Map<string, Entry>();

  apply(event: OpencodeEvent): void {
    switch (event.type) {
      case 'message.updated':
        this.entry(event.properties.info.id).info = event.properties.info;
        break;
      case 'message.part.updated':
        this.entry(event.properties.part.messageID).parts.set(event.properties.part.id, event.properties.part);
        break;
      case 'message.part.delta': {
        const { messageID, partID, field, delta } = event.properties;
        const part = this.entry(messageID).parts.get(partID);
        if (part && (part.type === 'text' || part.type === 'reasoning') && field === 'text') part.text += delta;
        break;
      }
      case 'message.removed':
        this.entries.delete(event.properties.messageID);
        break;
      case 'message.part.removed':
        this.entries.get(event.properties.messageID)?.parts.delete(event.properties.partID);
        break;
      default:
        break;
    }
  }

  /** Whether a part streams reasoning rather than reply text. */
  isReasoning(messageId: string, partId: string): boolean {
    return this.entries.get(messageId)?.parts.get(partId)?.type === 'reasoning';
  }

  /** The message as the events have built it, or null when they have not told its info. */
  view(messageId: string): OpencodeMessageWithParts | null {
    const entry = this.entries.get(messageId);
    if (!entry?.info) return null;
    return { info: entry.info, parts: [...entry.parts.values()].sort((a, b) => (a.id < b.id ? -1 : 1)) };
  }

  private entry(messageId: string): Entry {
    const entry = this.entries.get(messageId) ?? { parts: new Map() };
    this.entries.delete(messageId);
    this.entries.set(messageId, entry);
    if (this.entries.size > KEEP) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }
}
