import { SCRIPTED_MODEL_ID } from './model-server.js';

export const SCRIPTED_PROVIDER_ID = 'scripted';
/** `provider/model`, as OpenCode names the scripted model in config and in messages. */
export const SCRIPTED_MODEL = `${SCRIPTED_PROVIDER_ID}/${SCRIPTED_MODEL_ID}`;
/**
 * A second scripted model (the same server answers for both) that takes images and PDFs and has a
 * price and a context window, where the default one is text only, free and unbounded: a test can pick it.
 */
export const SCRIPTED_VISION_MODEL_ID = 'scripted-vision';
export const SCRIPTED_VISION_MODEL = `${SCRIPTED_PROVIDER_ID}/${SCRIPTED_VISION_MODEL_ID}`;
/** Its price in USD per million tokens, as OpenCode counts a reply's cost. */
export const SCRIPTED_VISION_COST = { input: 3, output: 15 };
export const SCRIPTED_VISION_CONTEXT = 200_000;

export interface OpencodeConfigOptions {
  /** The model server's base URL, e.g. http://127.0.0.1:PORT/v1. */
  modelUrl: string;
  /** What OpenCode does before running a bash command. Default `ask`: nothing runs until a test replies. */
  permission?: 'ask' | 'allow' | 'deny';
  /**
   * The scripted provider's key in config (default `testkit`); `null` leaves it out, so a key stored
   * with `PUT /auth/scripted` is the one used (a key in config always wins over a stored one).
   */
  apiKey?: string | null;
}

/**
 * OpenCode config for the scripted model with nothing that reaches the network.
 * `@ai-sdk/openai-compatible` is compiled into the 1.18.33 binary, so the provider needs no install;
 * LSP servers and formatters (off by default in 1.18.33) are pinned off, so none is ever downloaded.
 * The models.dev catalogue is not a config option: the launcher sets OPENCODE_DISABLE_MODELS_FETCH.
 */
export function opencodeConfig(options: OpencodeConfigOptions): Record<string, unknown> {
  return {
    $schema: 'https://opencode.ai/config.json',
    provider: {
      [SCRIPTED_PROVIDER_ID]: {
        npm: '@ai-sdk/openai-compatible',
        name: 'Scripted (testkit)',
        options:
          options.apiKey === null
            ? { baseURL: options.modelUrl }
            : { baseURL: options.modelUrl, apiKey: options.apiKey ?? 'testkit' },
        models: {
          [SCRIPTED_MODEL_ID]: { name: 'Scripted model', tool_call: true },
          [SCRIPTED_VISION_MODEL_ID]: {
            name: 'Scripted vision',
            tool_call: true,
            attachment: true,
            modalities: { input: ['text', 'image', 'pdf'], output: ['text'] },
            cost: SCRIPTED_VISION_COST,
            limit: { context: SCRIPTED_VISION_CONTEXT, output: 8_192 },
          },
        },
      },
    },
    // Keys of real providers in the environment would otherwise load them too.
    enabled_providers: [SCRIPTED_PROVIDER_ID],
    model: SCRIPTED_MODEL,
    // Title generation uses the small model; without one OpenCode would pick a provider's default.
    small_model: SCRIPTED_MODEL,
    permission: { bash: options.permission ?? 'ask' },
    autoupdate: false,
    share: 'disabled',
    lsp: false,
    formatter: false,
    compaction: { auto: false },
  };
}
