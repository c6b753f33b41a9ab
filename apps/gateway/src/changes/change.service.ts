import { isOpencodeError, type OpencodePort, type OpencodeSession } from '@otto/opencode';
import { badInput, codedError, notFound } from '../errors.js';
import type { Thread } from '../threads/thread-state.js';
import { fileChangesOf, type FileChange } from './file-changes.js';

export interface ChangePorts {
  /** Routes each thread's call to its server. */
  opencode: OpencodePort;
  threads: {
    requireSession(threadId: string): Promise<OpencodeSession>;
    require(threadId: string): Promise<Thread>;
  };
  /** Tells the thread's server's mirror what a revert made of the session, before its event arrives. */
  remember(session: OpencodeSession): void;
  /** Tells the thread's live watchers. */
  onChanged(threadId: string): void;
}

const busy = () => badInput('The agent is working in this thread: wait for it to finish, or abort it, then try again.');

/** What the agent changed in a thread's files, and undoing it (OpenCode's revert and unrevert). */
export class ChangeService {
  constructor(private readonly ports: ChangePorts) {}

  async list(thread: Thread): Promise<FileChange[]> {
    if (thread.state === 'STALE') return [];
    if (thread.state === 'UNKNOWN') throw codedError('UPSTREAM_UNAVAILABLE', "OpenCode can't be asked about this thread right now");
    // Every message, once: the per-message diff calls would need this list for their ids anyway.
    const { messages } = await this.ports.opencode.messages(thread.id);
    return fileChangesOf(
      messages.map((message) => message.info),
      thread.session?.revert?.messageID,
    );
  }

  /** Undoes the changes of `messageId` and every later turn; the thread is then reverted to before it. */
  async revert(threadId: string, messageId: string): Promise<Thread> {
    await this.requireIdle(threadId);
    // OpenCode takes an id it does not have as a revert of nothing.
    if (!(await this.ports.opencode.message(threadId, messageId))) throw notFound(`Thread ${threadId} has no message ${messageId}`);
    return this.settle(threadId, await this.refusingBusy(this.ports.opencode.revert(threadId, messageId)));
  }

  /** Restores what the last revert undid; a thread not reverted stays as it is. */
  async unrevert(threadId: string): Promise<Thread> {
    await this.requireIdle(threadId);
    return this.settle(threadId, await this.refusingBusy(this.ports.opencode.unrevert(threadId)));
  }

  private async requireIdle(threadId: string): Promise<void> {
    await this.ports.threads.requireSession(threadId);
    const { activity } = await this.ports.threads.require(threadId);
    if (activity === 'BUSY' || activity === 'RETRY') throw busy();
  }

  /** OpenCode refuses with 409 a session that became busy since it was looked at. */
  private async refusingBusy(call: Promise<OpencodeSession>): Promise<OpencodeSession> {
    try {
      return await call;
    } catch (error) {
      if (isOpencodeError(error) && error.status === 409) throw busy();
      throw error;
    }
  }

  private settle(threadId: string, session: OpencodeSession): Promise<Thread> {
    this.ports.remember(session);
    this.ports.onChanged(threadId);
    return this.ports.threads.require(threadId);
  }
}
