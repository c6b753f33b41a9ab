import type { OpencodePort, OpencodeTodo } from '@otto/opencode';
import type { MirrorSet } from '../servers/mirror-set.js';
import type { MirrorSignal } from '../threads/session-mirror.js';
import type { Thread } from '../threads/thread-state.js';

/** Threads whose lists are kept; past this the oldest kept is read again when next asked for. */
const KEPT_MAX = 1_000;

export interface TodoPorts {
  /** Routes each thread's call to its server. */
  opencode: OpencodePort;
  mirror: MirrorSet;
}

/**
 * Each thread's todo list, read from OpenCode once and then kept current by its `todo.updated` events:
 * the thread view and every live update of a thread show the list, so reading it must not cost an
 * upstream call each time. What is kept is dropped whenever a mirror loses or regains its stream, as
 * events may have been missed meanwhile.
 */
export class TodoService {
  private readonly kept = new Map<string, OpencodeTodo[]>();
  /** Moves with every event heard, so a read that an event overtook is not kept over it. */
  private heard = 0;

  constructor(private readonly ports: TodoPorts) {
    ports.mirror.listen((signal) => this.hear(signal));
  }

  /** The agent's list as it stands; empty for a thread OpenCode no longer has or cannot be asked about now. */
  async list(thread: Thread): Promise<OpencodeTodo[]> {
    const kept = this.kept.get(thread.id);
    if (kept) return kept;
    if (thread.state !== 'LIVE') return [];
    const before = this.heard;
    const todos = await this.ports.opencode.todos(thread.id);
    // Only while every stream is up do events keep the copy current.
    if (before === this.heard && this.ports.mirror.isLive()) this.keep(thread.id, todos);
    return todos;
  }

  private keep(threadId: string, todos: OpencodeTodo[]): void {
    this.kept.delete(threadId);
    this.kept.set(threadId, todos);
    if (this.kept.size > KEPT_MAX) this.kept.delete(this.kept.keys().next().value as string);
  }

  private hear(signal: MirrorSignal): void {
    if (signal.type !== 'event') {
      this.kept.clear();
      this.heard += 1;
      return;
    }
    const { event } = signal;
    if (event.type === 'todo.updated') {
      this.heard += 1;
      this.keep(event.properties.sessionID, event.properties.todos);
    } else if (event.type === 'session.deleted') {
      this.kept.delete(event.properties.info.id);
    }
  }
}
