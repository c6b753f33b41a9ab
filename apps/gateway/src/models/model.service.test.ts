import { createFakeOpencode, type FakeOpencode } from '@otto/opencode';
import { describe, expect, it } from 'vitest';
import { codeOf } from '../errors.js';
import { MODEL_LIST_TTL_MS, ModelService } from './model.service.js';

function setup() {
  let now = 1_000_000;
  const servers: Record<string, FakeOpencode> = {
    default: createFakeOpencode(),
    other: createFakeOpencode({ providers: [{ id: 'local', name: 'Local', models: [{ id: 'tiny', name: 'Tiny' }], configured: true }], agents: [] }),
  };
  const service = new ModelService({ portOf: (server) => servers[server]!, defaultServer: 'default', clock: () => now });
  const reads = (server = 'default') => servers[server]!.calls.filter((call) => call === 'config.providers').length;
  return { service, servers, reads, advance: (ms: number) => (now += ms) };
}

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown as { message: string; extensions: { field?: string } },
  );
  return error && { code: codeOf(error), field: error.extensions.field, message: error.message };
};

describe('ModelService', () => {
  it("lists the connected providers' models and the agents", async () => {
    const { service } = setup();
    expect((await service.models()).map((model) => `${model.providerId}/${model.modelId}`)).toEqual(['scripted/scripted-model', 'scripted/scripted-vision']);
    expect((await service.agents()).map((agent) => agent.name)).toEqual(['build', 'explore', 'general', 'plan']);
  });

  it('asks OpenCode once for everyone asking at the same time, then again only once the lists are old', async () => {
    const { service, reads, advance } = setup();
    await Promise.all([service.models(), service.models(), service.inputsOf('scripted/scripted-vision')]);
    expect(reads()).toBe(1);
    advance(MODEL_LIST_TTL_MS - 1);
    await service.models();
    expect(reads()).toBe(1);
    advance(2);
    await service.models();
    expect(reads()).toBe(2);
  });

  it('forgets the lists when told (a reload), and keeps no failed read', async () => {
    const { service, servers, reads } = setup();
    await service.models();
    service.forget('default');
    await service.models();
    expect(reads()).toBe(2);

    servers.default!.crash();
    service.forget();
    await expect(service.models()).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    servers.default!.restart();
    expect(await service.models()).toHaveLength(2);
  });

  it('tells what a model takes, or null for one OpenCode does not offer', async () => {
    const { service } = setup();
    expect(await service.inputsOf('scripted/scripted-vision')).toEqual(['text', 'image', 'pdf']);
    expect(await service.inputsOf('scripted/scripted-model')).toEqual(['text']);
    expect(await service.inputsOf('anthropic/claude-sonnet-4-5')).toBeNull();
    expect(await service.inputsOf('local/tiny', 'other')).toEqual(['text']);
  });

  it('refuses a model or agent the server does not offer, and a subagent, naming the field', async () => {
    const { service } = setup();
    await expect(service.requireKnown({ model: { providerId: 'scripted', modelId: 'scripted-vision' }, agent: 'plan' })).resolves.toBeUndefined();
    await expect(service.requireKnown({})).resolves.toBeUndefined();
    expect(await refusal(service.requireKnown({ model: { providerId: 'scripted', modelId: 'nope' } }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.model',
      message: expect.stringContaining('"scripted/nope"'),
    });
    // Offered, but not connected: OpenCode could not run it.
    expect(await refusal(service.requireKnown({ model: { providerId: 'anthropic', modelId: 'claude-sonnet-4-5' } }))).toMatchObject({ field: 'input.model' });
    expect(await refusal(service.requireKnown({ agent: 'nobody' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.agent' });
    expect(await refusal(service.requireKnown({ agent: 'general' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.agent', message: expect.stringContaining('subagent') });
  });

  it("checks against the thread's own server", async () => {
    const { service } = setup();
    await expect(service.requireKnown({ model: { providerId: 'local', modelId: 'tiny' } }, 'other')).resolves.toBeUndefined();
    expect(await refusal(service.requireKnown({ model: { providerId: 'local', modelId: 'tiny' } }))).toMatchObject({ field: 'input.model' });
    expect(await refusal(service.requireKnown({ agent: 'build' }, 'other'))).toMatchObject({ field: 'input.agent' });
  });
});
