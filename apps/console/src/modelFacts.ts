/** What the picker says of a model, in one line. */
export interface ModelFacts {
  contextWindow?: number | null;
  inputCostPerMTok?: number | null;
  outputCostPerMTok?: number | null;
  inputs: readonly string[];
}

const compact = new Intl.NumberFormat('en', { notation: 'compact' });
const dollars = new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', maximumFractionDigits: 4 });
const INPUT_NAMES: Record<string, string> = { image: 'images', pdf: 'PDFs', audio: 'audio', video: 'video' };

function list(words: string[]): string {
  return words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

export function describeModel(model: ModelFacts): string {
  const facts: string[] = [];
  if (model.contextWindow) facts.push(`${compact.format(model.contextWindow)} context`);
  const input = model.inputCostPerMTok ?? 0;
  const output = model.outputCostPerMTok ?? 0;
  facts.push(input || output ? `${dollars.format(input)} in, ${dollars.format(output)} out per M tokens` : 'no price known');
  const extra = model.inputs.filter((kind) => kind !== 'text').map((kind) => INPUT_NAMES[kind] ?? kind);
  facts.push(extra.length ? `takes ${list(extra)}` : 'text only');
  return facts.join(' · ');
}

/** A reply's model, tokens and cost as its header shows them. */
export interface ReplyFacts {
  model?: { providerId: string; modelId: string } | null;
  tokens?: { input: number; output: number } | null;
  cost?: number | null;
}

const count = new Intl.NumberFormat('en');

export function describeUsage(reply: ReplyFacts): string[] {
  const facts: string[] = [];
  if (reply.model) facts.push(`${reply.model.providerId}/${reply.model.modelId}`);
  // Until the model has answered, nothing is counted yet.
  if (!reply.tokens || reply.tokens.input + reply.tokens.output === 0) return facts;
  facts.push(`${count.format(reply.tokens.input)} in, ${count.format(reply.tokens.output)} out tokens`);
  if (typeof reply.cost === 'number') facts.push(dollars.format(reply.cost));
  return facts;
}
