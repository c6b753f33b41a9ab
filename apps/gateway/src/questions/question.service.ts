import type { OpencodePort, OpencodeQuestion } from '@otto/opencode';
import { notFound } from '../errors.js';
import type { MirrorSet } from '../servers/mirror-set.js';
import type { Thread } from '../threads/thread-state.js';
import type { ThreadService } from '../threads/thread.service.js';

/** Questions the agent asks the operator, from the mirror while it is live, and their answers. */
export class QuestionService {
  constructor(
    private readonly opencode: OpencodePort,
    private readonly mirror: MirrorSet,
    private readonly threads: ThreadService,
  ) {}

  pending(threadId: string): OpencodeQuestion[] {
    return this.mirror.pendingQuestions(threadId);
  }

  /** One list of chosen labels (or free text) per question, in order; the thread after. */
  async reply(threadId: string, questionId: string, answers: string[][]): Promise<Thread> {
    await this.requirePending(threadId, questionId);
    await this.opencode.replyQuestion(questionId, answers);
    return this.threads.require(threadId);
  }

  async reject(threadId: string, questionId: string): Promise<Thread> {
    await this.requirePending(threadId, questionId);
    await this.opencode.rejectQuestion(questionId);
    return this.threads.require(threadId);
  }

  private async requirePending(threadId: string, questionId: string): Promise<void> {
    const pending = this.mirror.isLive()
      ? this.mirror.pendingQuestions(threadId).some((question) => question.id === questionId)
      : (await this.opencode.listQuestions()).some((question) => question.id === questionId && question.sessionID === threadId);
    if (!pending) throw notFound(`No pending question ${questionId} on thread ${threadId}`);
  }
}
