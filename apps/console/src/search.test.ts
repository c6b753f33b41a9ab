import { describe, expect, it } from 'vitest';
import { searchProblem, snippetSegments } from './search';

describe('snippet segments', () => {
  it('cut the snippet at its highlights', () => {
    expect(snippetSegments('the canary is up', [{ start: 4, end: 10 }])).toEqual([
      { text: 'the ', marked: false },
      { text: 'canary', marked: true },
      { text: ' is up', marked: false },
    ]);
  });

  it('keep markup as text and skip ranges that make no sense', () => {
    expect(
      snippetSegments('<img onerror=x> ok', [
        { start: 16, end: 18 },
        { start: 1, end: 4 },
        { start: 17, end: 99 },
      ]),
    ).toEqual([
      { text: '<img onerror=x> ', marked: false },
      { text: 'ok', marked: true },
    ]);
  });
});

describe('a search query', () => {
  it('needs a word, and not too many', () => {
    expect(searchProblem('deploy')).toBeNull();
    expect(searchProblem('" OR * NEAR(')).toBeNull();
    expect(searchProblem(' *()" ')).toMatch(/a word/);
    expect(searchProblem(Array.from({ length: 17 }, (_, i) => `w${i}`).join(' '))).toMatch(/16 words/);
    expect(searchProblem('x'.repeat(201))).toMatch(/200 characters/);
  });
});
