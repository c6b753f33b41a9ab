import { builder } from '../builder.js';
import { ThreadRef } from '../threads/thread.types.js';
import { FILE_CHANGE_STATUSES, type FileChange } from './file-changes.js';

export const FileChangeStatusEnum = builder.enumType('FileChangeStatus', {
  description: 'Where the file stands after the thread: ADDED (it created the file), DELETED (it removed it), MODIFIED.',
  values: FILE_CHANGE_STATUSES,
});

export const FileChangeRef = builder.objectRef<FileChange>('FileChange').implement({
  description: 'A file the agent changed in a thread, over all its turns since any revert point.',
  fields: (t) => ({
    path: t.exposeString('path', { description: 'Relative to the session\'s directory.' }),
    additions: t.exposeInt('additions', { description: 'Lines added, summed over the turns.' }),
    deletions: t.exposeInt('deletions', { description: 'Lines removed, summed over the turns.' }),
    patch: t.exposeString('patch', { nullable: true, description: "Each turn's unified diff of the file, oldest first; null when OpenCode recorded none." }),
    status: t.field({ type: FileChangeStatusEnum, resolve: (change) => change.status }),
  }),
});

interface Revert {
  messageID: string;
}

export const ThreadRevertRef = builder.objectRef<Revert>('ThreadRevert').implement({
  description: 'The thread is reverted to before this message: the changes of it and every later turn are undone until unrevertThread, and the next message sent removes those turns for good.',
  fields: (t) => ({
    messageId: t.exposeID('messageID'),
  }),
});

builder.objectFields(ThreadRef, (t) => ({
  changes: t.field({
    type: [FileChangeRef],
    description: 'The files the agent changed in this thread (each user turn\'s diffs merged per path), by path; none for a thread OpenCode no longer has.',
    resolve: (thread, _args, ctx) => ctx.services.changes.list(thread),
  }),
  revert: t.field({
    type: ThreadRevertRef,
    nullable: true,
    description: 'Set while the thread is reverted (revertMessage), until unrevertThread or the next message sent.',
    resolve: (thread) => thread.session?.revert ?? null,
  }),
}));
