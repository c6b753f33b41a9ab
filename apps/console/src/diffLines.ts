/** One line of a unified diff as the changes panel shows it. */
export interface DiffLine {
  kind: 'file' | 'hunk' | 'added' | 'removed' | 'context' | 'note';
  text: string;
  /** Line numbers before and after the change, where the line has one. */
  oldLine?: number;
  newLine?: number;
}

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/**
 * The lines of a unified diff (one file's, or several turns' of it one after another), each with its
 * kind and numbers. Header lines (`Index:`, `===`, `---`, `+++`) are told apart from removed and added
 * lines by where they stand: before a file's first hunk.
 */
export function diffLines(patch: string): DiffLine[] {
  const lines: DiffLine[] = [];
  let inHunk = false;
  let oldLine = 0;
  let newLine = 0;
  const source = patch.endsWith('\n') ? patch.slice(0, -1) : patch;
  for (const text of source.split('\n')) {
    const hunk = HUNK.exec(text);
    if (hunk) {
      inHunk = true;
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
      lines.push({ kind: 'hunk', text });
    } else if (text.startsWith('Index: ') || text.startsWith('diff --git ')) {
      inHunk = false;
      lines.push({ kind: 'file', text });
    } else if (!inHunk) {
      lines.push({ kind: 'file', text });
    } else if (text.startsWith('+')) {
      lines.push({ kind: 'added', text: text.slice(1), newLine: newLine++ });
    } else if (text.startsWith('-')) {
      lines.push({ kind: 'removed', text: text.slice(1), oldLine: oldLine++ });
    } else if (text.startsWith('\\')) {
      lines.push({ kind: 'note', text });
    } else {
      lines.push({ kind: 'context', text: text.slice(1), oldLine: oldLine++, newLine: newLine++ });
    }
  }
  return lines;
}
