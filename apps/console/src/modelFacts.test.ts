import { describe, expect, it } from 'vitest';
import { describeModel, describeUsage } from './modelFacts';

describe('model facts', () => {
  it("says a model's context, price and what it takes besides text", () => {
    expect(describeModel({ contextWindow: 200_000, inputCostPerMTok: 3, outputCostPerMTok: 15, inputs: ['text', 'image', 'pdf'] })).toBe(
      '200K context · $3.00 in, $15.00 out per M tokens · takes images and PDFs',
    );
    expect(describeModel({ contextWindow: null, inputCostPerMTok: 0, outputCostPerMTok: 0, inputs: ['text'] })).toBe('no price known · text only');
  });

  it("says a reply's model, tokens and cost once it has used any", () => {
    const model = { providerId: 'scripted', modelId: 'scripted-vision' };
    expect(describeUsage({ model, tokens: { input: 1200, output: 5 }, cost: 0.003675 })).toEqual(['scripted/scripted-vision', '1,200 in, 5 out tokens', '$0.0037']);
    // Still writing: no tokens counted yet.
    expect(describeUsage({ model, tokens: { input: 0, output: 0 }, cost: 0 })).toEqual(['scripted/scripted-vision']);
    expect(describeUsage({})).toEqual([]);
  });
});
