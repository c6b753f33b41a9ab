import type { OpencodePermission, OpencodePort, PermissionReply } from '@otto/opencode';
import { notFound } from '../errors.js';
import type { MirrorSet } from '../servers/mirror-set.js';
import type { Thread } from '../threads/thread-state.js';
import type { ThreadService } from '../threads/thread.service.js';

/** Pending permission requests, from the mirror while it is live, and their answers. */
export class PermissionService {
  constructor(
    private readonly opencode: OpencodePort,
    private readonly mirror: MirrorSet,
    private readonly threads: ThreadService,
  ) {}

  pending(threadId: string): OpencodePermission[] {
    return this.mirror.pendingPermissions(threadId);
  }

  /** Answers a request pending on that thread (NOT_FOUND when it is not, any more); the thread after. */
  async reply(threadId: string, permissionId: string, reply: PermissionReply): Promise<Thread> {
    const pending = this.mirror.isLive()
      ? this.mirror.hasPermission(threadId, permissionId)
      : (await this.opencode.listPermissions()).some((p) => p.id === permissionId && p.sessionID === threadId);
    if (!pending) throw notFound(`No pending permission ${permissionId} on thread ${threadId}`);
    await this.opencode.replyPermission(permissionId, reply);
    return this.threads.require(threadId);
  }
}
