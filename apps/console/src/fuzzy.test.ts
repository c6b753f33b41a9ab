import { describe, expect, it } from 'vitest';
import { fuzzyFilter, fuzzyScore } from './fuzzy';

describe('fuzzy', () => {
  const labels = ['Go to Chat', 'Go to Audit', 'Go to System', 'New thread', 'Jump to thread: Nightly triage'];

  it('matches letters in order, skipping others', () => {
    expect(fuzzyScore('gsys', 'Go to System')).not.toBeNull();
    expect(fuzzyScore('sysg', 'Go to System')).toBeNull();
  });

  it('ranks word starts and runs first', () => {
    expect(fuzzyFilter('audit', labels, (label) => label)[0]).toBe('Go to Audit');
    expect(fuzzyFilter('nightly', labels, (label) => label)).toEqual(['Jump to thread: Nightly triage']);
    expect(fuzzyFilter('new', labels, (label) => label)[0]).toBe('New thread');
  });

  it('keeps everything, in order, for an empty query', () => {
    expect(fuzzyFilter('  ', labels, (label) => label)).toEqual(labels);
  });
});
