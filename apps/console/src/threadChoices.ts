/** What an operator picked for a thread's next sends; null: OpenCode's own choice. */
export interface ThreadChoice {
  /** "provider/model" */
  model: string | null;
  agent: string | null;
}

export const NO_CHOICE: ThreadChoice = Object.freeze({ model: null, agent: null });
export const CHOICES_KEY = 'otto.threadChoices';
/** Threads whose picks this browser keeps; the least recently picked go first. */
export const MAX_REMEMBERED = 200;

export type Choices = Record<string, ThreadChoice>;

const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : null);

/** What is stored, or nothing when it is missing, unreadable or of another shape. */
export function readChoices(storage: Pick<Storage, 'getItem'>): Choices {
  let stored: unknown;
  try {
    stored = JSON.parse(storage.getItem(CHOICES_KEY) ?? '{}');
  } catch {
    return {};
  }
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return {};
  const choices: Choices = {};
  for (const [threadId, choice] of Object.entries(stored as Record<string, { model?: unknown; agent?: unknown } | null>)) {
    const model = text(choice?.model);
    const agent = text(choice?.agent);
    if (model || agent) choices[threadId] = { model, agent };
  }
  return choices;
}

/** The choices with this thread's changed: most recent last, a thread back to no choice dropped, the oldest beyond the limit too. */
export function withChoice(choices: Choices, threadId: string, change: Partial<ThreadChoice>): Choices {
  const { [threadId]: previous, ...others } = choices;
  const next = { ...(previous ?? NO_CHOICE), ...change };
  const entries = Object.entries(others);
  if (next.model || next.agent) entries.push([threadId, next]);
  return Object.fromEntries(entries.slice(-MAX_REMEMBERED));
}

/** A full or refused storage (private browsing) keeps the pick for this page only. */
export function writeChoices(storage: Pick<Storage, 'setItem'>, choices: Choices): void {
  try {
    storage.setItem(CHOICES_KEY, JSON.stringify(choices));
  } catch {
    // Nothing to tell: the pick still holds until the page is reloaded.
  }
}
