import type { OpencodeFileDiff, OpencodeMessage } from '@otto/opencode';

export const FILE_CHANGE_STATUSES = ['ADDED', 'MODIFIED', 'DELETED'] as const;
export type FileChangeStatus = (typeof FILE_CHANGE_STATUSES)[number];

/** One file the thread changed, over all its turns. */
export interface FileChange {
  path: string;
  additions: number;
  deletions: number;
  /** Each turn's unified diff of the file, oldest first; null when OpenCode recorded none. */
  patch: string | null;
  status: FileChangeStatus;
}

/**
 * The files a thread changed, by path. OpenCode 1.18.33 keeps no diff of a whole session (its
 * `/session/:id/diff` is always empty), only each user message's (`summary.diffs`, the same as
 * `/session/:id/diff?messageID=`), so this is their union: lines added and removed summed, patches one
 * after another. The turns from `revertedFrom` on are left out: a revert undid their changes.
 */
export function fileChangesOf(messages: readonly OpencodeMessage[], revertedFrom?: string): FileChange[] {
  const byPath = new Map<string, OpencodeFileDiff[]>();
  for (const message of messages) {
    if (message.role !== 'user' || (revertedFrom !== undefined && message.id >= revertedFrom)) continue;
    for (const diff of message.summary?.diffs ?? []) {
      if (!diff.file) continue;
      byPath.set(diff.file, [...(byPath.get(diff.file) ?? []), diff]);
    }
  }
  return [...byPath.entries()]
    .map(([path, diffs]) => merged(path, diffs))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function merged(path: string, diffs: OpencodeFileDiff[]): FileChange {
  const patches = diffs.flatMap((diff) => (diff.patch ? [diff.patch.endsWith('\n') ? diff.patch : `${diff.patch}\n`] : []));
  return {
    path,
    additions: diffs.reduce((sum, diff) => sum + diff.additions, 0),
    deletions: diffs.reduce((sum, diff) => sum + diff.deletions, 0),
    patch: patches.length ? patches.join('') : null,
    status: statusOf(diffs),
  };
}

/** Where the file stands now: gone if the last turn deleted it, new if the first created it. */
function statusOf(diffs: OpencodeFileDiff[]): FileChangeStatus {
  if (diffs.at(-1)?.status === 'deleted') return 'DELETED';
  return diffs[0]?.status === 'added' ? 'ADDED' : 'MODIFIED';
}
