import type { OpencodeAgent, OpencodeModel, OpencodePort } from '@otto/opencode';
import { LRUCache } from 'lru-cache';
import { badInput } from '../errors.js';

/** OpenCode's lists change only when it reloads its config or providers; the gateway's own reloads forget them at once. */
export const MODEL_LIST_TTL_MS = 30_000;

/** "provider/model", as the API names a model. */
export const modelName = (model: { providerId: string; modelId: string }) => `${model.providerId}/${model.modelId}`;

export interface ModelChoice {
  model?: { providerId: string; modelId: string };
  agent?: string;
}

export interface ModelServiceOptions {
  /** Each OpenCode server has providers and agents of its own. */
  portOf: (server: string) => OpencodePort;
  /** Whose lists `system.models` and `system.agents` are. */
  defaultServer: string;
  ttlMs?: number;
  /** For the cache's expiry; tests move it. */
  clock?: () => number;
}

type Lists = OpencodeModel[] | OpencodeAgent[];

/**
 * The models and agents OpenCode offers, read briefly through a cache, and the check that a send
 * names one of them: OpenCode itself accepts a prompt naming an unknown model or agent and then
 * never answers it.
 */
export class ModelService {
  private readonly cache: LRUCache<string, Lists>;
  private readonly portOf: (server: string) => OpencodePort;
  private readonly defaultServer: string;

  constructor(options: ModelServiceOptions) {
    this.portOf = options.portOf;
    this.defaultServer = options.defaultServer;
    this.cache = new LRUCache<string, Lists>({
      max: 64,
      ttl: options.ttlMs ?? MODEL_LIST_TTL_MS,
      ...(options.clock ? { perf: { now: options.clock }, ttlResolution: 0 } : {}),
      // A list being read when `forget` is called still answers its callers, and is not kept.
      ignoreFetchAbort: true,
      // One upstream call however many ask at once; a failed one is not kept.
      fetchMethod: (key) => {
        const [server, list] = key.split('\0') as [string, 'models' | 'agents'];
        const port = this.portOf(server);
        return list === 'models' ? port.listModels() : port.listAgents();
      },
    });
  }

  async models(server = this.defaultServer): Promise<OpencodeModel[]> {
    return (await this.cache.forceFetch(`${server}\0models`)) as OpencodeModel[];
  }

  async agents(server = this.defaultServer): Promise<OpencodeAgent[]> {
    return (await this.cache.forceFetch(`${server}\0agents`)) as OpencodeAgent[];
  }

  /** What a model takes (`text`, `image`, `pdf`…), or null when the server offers no model of that name. */
  async inputsOf(name: string, server = this.defaultServer): Promise<string[] | null> {
    const model = (await this.models(server)).find((candidate) => modelName(candidate) === name);
    return model ? model.inputs : null;
  }

  /** BAD_USER_INPUT naming the field when the server offers no such model, or no such agent to prompt. */
  async requireKnown(choice: ModelChoice, server = this.defaultServer, fields = { model: 'input.model', agent: 'input.agent' }): Promise<void> {
    const { model, agent } = choice;
    if (model) {
      const name = modelName(model);
      if ((await this.inputsOf(name, server)) === null) {
        throw badInput(`${fields.model}: OpenCode offers no model ${JSON.stringify(name)} (see system.models)`, fields.model);
      }
    }
    if (agent) {
      const known = (await this.agents(server)).find((candidate) => candidate.name === agent);
      if (!known) throw badInput(`${fields.agent}: OpenCode has no agent ${JSON.stringify(agent)} (see system.agents)`, fields.agent);
      // OpenCode runs a subagent only when another agent calls it.
      if (known.mode === 'subagent') throw badInput(`${fields.agent}: ${JSON.stringify(agent)} is a subagent; name a primary agent`, fields.agent);
    }
  }

  /** After a reload (a provider key changed): the next read asks OpenCode again. */
  forget(server?: string): void {
    if (server === undefined) return this.cache.clear();
    this.cache.delete(`${server}\0models`);
    this.cache.delete(`${server}\0agents`);
  }
}
