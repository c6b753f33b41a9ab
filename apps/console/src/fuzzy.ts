const WORD_START = /[\s:/._-]/;

/** Scores `text` as an in-order match of the letters of `query`: higher is better, null for no match. */
export function fuzzyScore(query: string, text: string): number | null {
  const wanted = query.toLowerCase().replace(/\s+/g, '');
  const haystack = text.toLowerCase();
  let score = 0;
  let from = 0;
  let previous = -2;
  for (const letter of wanted) {
    const found = haystack.indexOf(letter, from);
    if (found < 0) return null;
    score += found === previous + 1 ? 3 : 1;
    if (found === 0 || WORD_START.test(haystack[found - 1] ?? '')) score += 2;
    previous = found;
    from = found + 1;
  }
  // Among equal matches, the shorter label is the more specific one.
  return score - haystack.length / 1000;
}

/** The items matching `query`, best first; all of them, in their order, for an empty query. */
export function fuzzyFilter<T>(query: string, items: readonly T[], text: (item: T) => string): T[] {
  if (!query.trim()) return [...items];
  return items
    .map((item) => ({ item, score: fuzzyScore(query, text(item)) }))
    .filter((entry): entry is { item: T; score: number } => entry.score !== null)
    .sort((a, b) => b.score - a.score)
    .map((entry) => entry.item);
}
