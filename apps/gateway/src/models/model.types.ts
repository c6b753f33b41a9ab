import type { OpencodeAgent, OpencodeModel } from '@otto/opencode';
import { builder } from '../builder.js';
import { modelName } from './model.service.js';

export const ModelInfoRef = builder.objectRef<OpencodeModel>('ModelInfo').implement({
  description: "A model of a provider OpenCode is connected to; a send names it by `name`.",
  fields: (t) => ({
    id: t.id({ description: 'The same as name.', resolve: modelName }),
    name: t.string({ description: 'provider/model', resolve: modelName }),
    providerId: t.exposeString('providerId'),
    modelId: t.exposeString('modelId', { description: "The model's id at its provider." }),
    label: t.exposeString('name', { description: 'OpenCode\'s display name, e.g. "Claude Sonnet 4.5".' }),
    contextWindow: t.exposeInt('contextWindow', { nullable: true, description: 'In tokens; null when OpenCode does not know it.' }),
    inputCostPerMTok: t.exposeFloat('inputCostPerMTok', {
      nullable: true,
      description: 'USD per million input tokens, as OpenCode prices a reply (0 when it has no price for the model).',
    }),
    outputCostPerMTok: t.exposeFloat('outputCostPerMTok', { nullable: true, description: 'USD per million output tokens.' }),
    inputs: t.exposeStringList('inputs', {
      description: 'What it accepts: text, image, pdf, audio, video. OpenCode passes an attachment on only when its kind is listed.',
    }),
  }),
});

export const AgentInfoRef = builder.objectRef<OpencodeAgent>('AgentInfo').implement({
  description: 'An OpenCode agent (its hidden ones left out).',
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    mode: t.exposeString('mode', {
      nullable: true,
      description: 'primary: a send may name it; subagent: only another agent calls it; all: both.',
    }),
  }),
});
