import type { QuestionFieldsFragment } from './gql/graphql';

export type QuestionRequest = QuestionFieldsFragment;
export type Question = QuestionRequest['questions'][number];

/** What the operator has picked for one question so far: option labels, and their own words. */
export interface QuestionPick {
  chosen: string[];
  text: string;
}

/** As the gateway takes it (ReplyQuestionInput.answers). */
export const ANSWER_MAX_CHARS = 2000;

export function emptyPicks(request: QuestionRequest): QuestionPick[] {
  return request.questions.map(() => ({ chosen: [], text: '' }));
}

/**
 * Whether a click on an option is the whole answer: one question, one choice. Otherwise options are
 * picked first (radio buttons or checkboxes) and sent together.
 */
export function answersOnClick(request: QuestionRequest): boolean {
  return request.questions.length === 1 && !request.questions[0]?.multiple;
}

/** Picks or unpicks an option: a single choice replaces the last one, a multiple choice toggles. */
export function togglePick(pick: QuestionPick, label: string, multiple: boolean): QuestionPick {
  if (!multiple) return { ...pick, chosen: [label] };
  const chosen = pick.chosen.includes(label) ? pick.chosen.filter((known) => known !== label) : [...pick.chosen, label];
  return { ...pick, chosen };
}

/**
 * The answer to one question: the chosen labels in the order the agent offered them, and the
 * operator's own words when the question takes them. For a single choice, own words replace a choice.
 */
export function answerTo(question: Question, pick: QuestionPick): string[] {
  const chosen = question.options.map((option) => option.label).filter((label) => pick.chosen.includes(label));
  const text = question.custom ? pick.text.trim().slice(0, ANSWER_MAX_CHARS) : '';
  if (!text) return question.multiple ? chosen : chosen.slice(0, 1);
  return question.multiple ? [...chosen, text] : [text];
}

/** One list per question, in order: what replyQuestion takes. */
export function answersFor(request: QuestionRequest, picks: readonly QuestionPick[]): string[][] {
  return request.questions.map((question, index) => answerTo(question, picks[index] ?? { chosen: [], text: '' }));
}

/** The questions (by index) still without an answer. */
export function unanswered(request: QuestionRequest, picks: readonly QuestionPick[]): number[] {
  return answersFor(request, picks).flatMap((answer, index) => (answer.length ? [] : [index]));
}
