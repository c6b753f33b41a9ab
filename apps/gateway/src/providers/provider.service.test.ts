import { createFakeOpencode } from '@otto/opencode';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { ProviderService } from './provider.service.js';

const KEY = 'sk-start-key-0123456789';

function setup() {
  const lines: string[] = [];
  const opencode = createFakeOpencode();
  const service = new ProviderService({ opencode, logger: createLogger('trace', { write: (line: string) => void lines.push(line) }) });
  return { opencode, service, lines };
}

describe('ProviderService.applyAtStart', () => {
  it('puts every key into OpenCode and reloads it once', async () => {
    const { opencode, service, lines } = setup();
    await service.applyAtStart([
      { providerId: 'anthropic', key: KEY, source: 'OTTO_PROVIDER_KEYS' },
      { providerId: 'openai', key: `${KEY}-b`, source: 'OPENAI_API_KEY' },
    ]);
    expect([opencode.storedKey('anthropic'), opencode.storedKey('openai')]).toEqual([KEY, `${KEY}-b`]);
    expect(opencode.calls.filter((call) => call === 'global.dispose')).toHaveLength(1);
    expect((await opencode.listProviders()).filter((provider) => provider.connected).map((provider) => provider.id)).toEqual(['anthropic', 'openai', 'scripted']);
    expect(lines.join('')).toContain('opencode reloaded with provider keys from the environment');
    expect(lines.join('')).not.toContain(KEY);
  });

  it('does nothing, not even a reload, without keys', async () => {
    const { opencode, service } = setup();
    await service.applyAtStart([]);
    expect(opencode.calls).toEqual([]);
  });

  it('refuses OTTO_PROVIDER_KEYS naming a provider OpenCode does not offer, and skips a usual variable for one', async () => {
    const { opencode, service, lines } = setup();
    await expect(service.applyAtStart([{ providerId: 'nope', key: KEY, source: 'OTTO_PROVIDER_KEYS' }])).rejects.toThrow(
      /OTTO_PROVIDER_KEYS names the provider nope, which OpenCode does not offer \(it offers anthropic, openai, scripted\)/,
    );
    await service.applyAtStart([{ providerId: 'mistral', key: KEY, source: 'MISTRAL_API_KEY' }]);
    expect(opencode.calls).not.toContain('auth.set');
    expect(lines.join('')).toContain('provider key from the environment skipped');
    expect(lines.join('')).not.toContain(KEY);
  });

  it('waits for an OpenCode that is still starting, and gives up with an error line when it never answers', async () => {
    const { opencode, service, lines } = setup();
    opencode.crash();
    setTimeout(() => opencode.restart(), 300);
    await service.applyAtStart([{ providerId: 'anthropic', key: KEY, source: 'ANTHROPIC_API_KEY' }]);
    expect(opencode.storedKey('anthropic')).toBe(KEY);

    opencode.crash();
    await service.applyAtStart([{ providerId: 'openai', key: KEY, source: 'OPENAI_API_KEY' }], 200);
    expect(lines.join('')).toContain('provider keys from the environment could not be put into OpenCode');
  });
});
