import { describe, expect, it } from 'vitest';
import { diffLines } from './diffLines';

const ADDED = 'Index: notes.txt\n===================================================================\n--- notes.txt\t\n+++ notes.txt\t\n@@ -0,0 +1,2 @@\n+hello\n+world\n';
const EDITED = 'Index: notes.txt\n--- notes.txt\t\n+++ notes.txt\t\n@@ -1,3 +1,3 @@\n hello\n--- not a header\n+world two\n\\ No newline at end of file\n';

describe('diffLines', () => {
  it('tells headers, hunks, added, removed and context lines apart, with their line numbers', () => {
    expect(diffLines(EDITED)).toEqual([
      { kind: 'file', text: 'Index: notes.txt' },
      { kind: 'file', text: '--- notes.txt\t' },
      { kind: 'file', text: '+++ notes.txt\t' },
      { kind: 'hunk', text: '@@ -1,3 +1,3 @@' },
      { kind: 'context', text: 'hello', oldLine: 1, newLine: 1 },
      { kind: 'removed', text: '-- not a header', oldLine: 2 },
      { kind: 'added', text: 'world two', newLine: 2 },
      { kind: 'note', text: '\\ No newline at end of file' },
    ]);
  });

  it('starts over at each file header when several turns\' patches follow one another', () => {
    const kinds = diffLines(ADDED + EDITED).map((line) => line.kind);
    expect(kinds).toEqual(['file', 'file', 'file', 'file', 'hunk', 'added', 'added', 'file', 'file', 'file', 'hunk', 'context', 'removed', 'added', 'note']);
    expect(diffLines(ADDED).filter((line) => line.kind === 'added').map((line) => line.newLine)).toEqual([1, 2]);
  });

  it('reads an empty patch as no lines of change', () => {
    expect(diffLines('').filter((line) => line.kind !== 'file')).toEqual([]);
  });
});
