/** A provider key the gateway puts into OpenCode at start, and where it came from (for errors, never the key). */
export interface ProviderKey {
  providerId: string;
  key: string;
  /** The environment variable it came from. */
  source: string;
}

/** The conventional environment variables of provider keys, and the OpenCode provider each is for. */
export const ENV_PROVIDER_KEYS: Readonly<Record<string, string>> = {
  ANTHROPIC_API_KEY: 'anthropic',
  OPENAI_API_KEY: 'openai',
  OPENROUTER_API_KEY: 'openrouter',
  GEMINI_API_KEY: 'google',
  GROQ_API_KEY: 'groq',
  MISTRAL_API_KEY: 'mistral',
  DEEPSEEK_API_KEY: 'deepseek',
  XAI_API_KEY: 'xai',
  TOGETHER_API_KEY: 'togetherai',
  FIREWORKS_API_KEY: 'fireworks-ai',
  CEREBRAS_API_KEY: 'cerebras',
};

/** Longer than any provider's key; a paste of something else is refused rather than stored. */
export const MAX_KEY_LENGTH = 4_096;

const PROVIDER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Why a key cannot be a provider's API key, or undefined when it can. Never quotes the key. */
export function keyProblem(key: string): string | undefined {
  if (key.length === 0) return 'must not be empty';
  if (key.length > MAX_KEY_LENGTH) return `must be at most ${MAX_KEY_LENGTH} characters long`;
  if (/\s/.test(key)) return 'must not contain spaces or line breaks';
  return undefined;
}

export function isProviderId(value: string): boolean {
  return PROVIDER_ID.test(value);
}

/**
 * The keys in the environment: `OTTO_PROVIDER_KEYS` (`anthropic=…,openai=…`) and the conventional
 * names. `OTTO_PROVIDER_KEYS` wins for a provider both name. Throws a message naming the variable
 * and the provider, never the key.
 */
export function providerKeysFromEnv(env: Record<string, string | undefined>): ProviderKey[] {
  const keys = new Map<string, ProviderKey>();
  for (const [name, providerId] of Object.entries(ENV_PROVIDER_KEYS)) {
    const key = env[name]?.trim();
    if (!key) continue;
    const problem = keyProblem(key);
    if (problem) throw new Error(`${name} ${problem}`);
    keys.set(providerId, { providerId, key, source: name });
  }
  const list = env.OTTO_PROVIDER_KEYS?.trim();
  if (!list) return [...keys.values()];
  list.split(',').forEach((entry, index) => {
    const at = entry.indexOf('=');
    // Without `=` the entry may be a bare key: it is referred to by its position only.
    if (at < 0) throw new Error(`OTTO_PROVIDER_KEYS entry ${index + 1} must look like provider=key (e.g. anthropic=sk-…), separated by commas`);
    const providerId = entry.slice(0, at).trim();
    if (!isProviderId(providerId)) throw new Error(`OTTO_PROVIDER_KEYS entry ${index + 1} must start with a provider id such as anthropic or openai`);
    const problem = keyProblem(entry.slice(at + 1).trim());
    if (problem) throw new Error(`OTTO_PROVIDER_KEYS: the key for ${providerId} ${problem}`);
    keys.set(providerId, { providerId, key: entry.slice(at + 1).trim(), source: 'OTTO_PROVIDER_KEYS' });
  });
  return [...keys.values()];
}
