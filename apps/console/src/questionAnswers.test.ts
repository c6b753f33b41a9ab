import { describe, expect, it } from 'vitest';
import { answersFor, answersOnClick, emptyPicks, togglePick, unanswered, type Question, type QuestionRequest } from './questionAnswers';

const options = (...labels: string[]) => labels.map((label) => ({ label, description: null }));
const question = (patch: Partial<Question> = {}): Question => ({
  header: null,
  question: 'Which colour?',
  multiple: false,
  custom: true,
  options: options('Red', 'Green', 'Blue'),
  ...patch,
});
const request = (...questions: Question[]): QuestionRequest => ({ id: 'que_1', threadId: 'ses_a', messageId: null, toolCallId: null, questions });

describe('question answers', () => {
  it('answers one single-choice question with a click, anything else with Submit', () => {
    expect(answersOnClick(request(question()))).toBe(true);
    expect(answersOnClick(request(question({ multiple: true })))).toBe(false);
    expect(answersOnClick(request(question(), question()))).toBe(false);
  });

  it('replaces a single choice, toggles a multiple one', () => {
    const none = { chosen: [], text: '' };
    expect(togglePick(togglePick(none, 'Red', false), 'Blue', false).chosen).toEqual(['Blue']);
    const both = togglePick(togglePick(none, 'Red', true), 'Blue', true);
    expect(both.chosen).toEqual(['Red', 'Blue']);
    expect(togglePick(both, 'Red', true).chosen).toEqual(['Blue']);
  });

  it('sends one list per question, in order, labels in the order offered', () => {
    const asked = request(question({ multiple: true }), question({ question: 'Size?', options: options('S', 'M') }));
    const picks = [{ chosen: ['Blue', 'Red'], text: '' }, { chosen: ['M'], text: '' }];
    expect(answersFor(asked, picks)).toEqual([['Red', 'Blue'], ['M']]);
  });

  it('takes the operator’s own words where allowed: instead of a single choice, beside multiple ones', () => {
    expect(answersFor(request(question()), [{ chosen: ['Red'], text: '  teal ' }])).toEqual([['teal']]);
    expect(answersFor(request(question({ multiple: true })), [{ chosen: ['Red'], text: 'teal' }])).toEqual([['Red', 'teal']]);
    expect(answersFor(request(question({ custom: false })), [{ chosen: ['Red'], text: 'teal' }])).toEqual([['Red']]);
  });

  it('names the questions still without an answer', () => {
    const asked = request(question(), question({ custom: false }));
    expect(unanswered(asked, emptyPicks(asked))).toEqual([0, 1]);
    expect(unanswered(asked, [{ chosen: [], text: 'teal' }, { chosen: [], text: 'ignored' }])).toEqual([1]);
  });
});
