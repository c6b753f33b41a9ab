/** The gateway's limits on a search (searchMessages): words, as its index cuts them, and characters. */
export const SEARCH_MAX_WORDS = 16;
export const SEARCH_MAX_CHARS = 200;

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** What the gateway would make of a query: why it refuses it, or null when it is fine. */
export function searchProblem(query: string): string | null {
  const words = query.match(WORD)?.length ?? 0;
  if (query.length > SEARCH_MAX_CHARS) return `At most ${SEARCH_MAX_CHARS} characters.`;
  if (words === 0) return 'Type a word to search for: letters or digits.';
  if (words > SEARCH_MAX_WORDS) return `At most ${SEARCH_MAX_WORDS} words.`;
  return null;
}

export interface SnippetSegment {
  text: string;
  marked: boolean;
}

/**
 * A snippet cut at its highlights, to render as text and <mark>s: never as HTML, since the snippet is
 * whatever the agent or an operator wrote. Ranges out of order, overlapping or out of bounds are skipped.
 */
export function snippetSegments(snippet: string, highlights: readonly { start: number; end: number }[]): SnippetSegment[] {
  const segments: SnippetSegment[] = [];
  let at = 0;
  for (const { start, end } of highlights) {
    if (start < at || end <= start || end > snippet.length) continue;
    if (start > at) segments.push({ text: snippet.slice(at, start), marked: false });
    segments.push({ text: snippet.slice(start, end), marked: true });
    at = end;
  }
  if (at < snippet.length) segments.push({ text: snippet.slice(at), marked: false });
  return segments;
}
