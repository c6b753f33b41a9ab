import type { OpencodePermission, OpencodeQuestion } from '@otto/opencode';
import type { MessageView } from '../messages/message-view.js';
import type { Thread } from '../threads/thread-state.js';

/** One event of a thread as a subscriber receives it: a member of the ThreadEvent union. */
export type ThreadEventValue =
  | { __kind: 'MessageDelta'; threadId: string; messageId: string; partId: string; kind: 'TEXT' | 'REASONING'; delta: string }
  | { __kind: 'MessageUpdated'; message: MessageView }
  | { __kind: 'PermissionAsked'; permission: OpencodePermission }
  | { __kind: 'PermissionReplied'; threadId: string; permissionId: string; reply: 'ONCE' | 'ALWAYS' | 'REJECT' }
  | { __kind: 'QuestionAsked'; question: OpencodeQuestion }
  | { __kind: 'QuestionReplied'; threadId: string; questionId: string; rejected: boolean }
  | { __kind: 'ThreadUpdated'; thread: Thread };

export type ThreadEventOf<K extends ThreadEventValue['__kind']> = Extract<ThreadEventValue, { __kind: K }>;
