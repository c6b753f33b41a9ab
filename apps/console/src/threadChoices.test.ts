import { describe, expect, it } from 'vitest';
import { CHOICES_KEY, MAX_REMEMBERED, readChoices, withChoice, writeChoices } from './threadChoices';

const storageWith = (value: string | null) => ({ getItem: (key: string) => (key === CHOICES_KEY ? value : null) });

describe('thread choices', () => {
  it('reads what was stored, and nothing from a missing, broken or foreign value', () => {
    const stored = { ses_a: { model: 'scripted/scripted-vision', agent: 'plan' }, ses_b: { model: null, agent: 'build' } };
    expect(readChoices(storageWith(JSON.stringify(stored)))).toEqual(stored);
    expect(readChoices(storageWith(null))).toEqual({});
    expect(readChoices(storageWith('{not json'))).toEqual({});
    expect(readChoices(storageWith('[1,2]'))).toEqual({});
    expect(readChoices(storageWith(JSON.stringify({ ses_c: { model: 3, agent: '' }, ses_d: null })))).toEqual({});
  });

  it('changes one pick of a thread and keeps the other; a thread back to no pick is forgotten', () => {
    let choices = withChoice({}, 'ses_a', { model: 'scripted/scripted-vision' });
    choices = withChoice(choices, 'ses_a', { agent: 'plan' });
    expect(choices).toEqual({ ses_a: { model: 'scripted/scripted-vision', agent: 'plan' } });
    choices = withChoice(choices, 'ses_a', { model: null, agent: null });
    expect(choices).toEqual({});
  });

  it(`keeps the ${MAX_REMEMBERED} threads picked for most recently`, () => {
    let choices = {};
    for (let index = 0; index <= MAX_REMEMBERED; index++) choices = withChoice(choices, `ses_${index}`, { agent: 'plan' });
    choices = withChoice(choices, 'ses_1', { agent: 'build' });
    choices = withChoice(choices, `ses_${MAX_REMEMBERED + 1}`, { agent: 'plan' });
    const kept = Object.keys(choices);
    expect(kept).toHaveLength(MAX_REMEMBERED);
    expect(kept).not.toContain('ses_0');
    expect(kept).not.toContain('ses_2');
    expect(kept.slice(-2)).toEqual(['ses_1', `ses_${MAX_REMEMBERED + 1}`]);
  });

  it('a storage that refuses to write keeps the page working', () => {
    expect(() =>
      writeChoices(
        {
          setItem: () => {
            throw new DOMException('full', 'QuotaExceededError');
          },
        },
        {},
      ),
    ).not.toThrow();
  });
});
