import { Backoff, isOpencodeError, type OpencodePort, type OpencodeProvider } from '@otto/opencode';
import type { AuditRecord } from '../audit/audit-record.js';
import { ConfigError } from '../config.js';
import { badInput } from '../errors.js';
import type { Logger } from '../logger.js';
import { keyProblem, type ProviderKey } from './provider-keys.js';
import { settleAfterReload, type SettleSources } from './upstream-settle.js';

/** How long the start waits for OpenCode to take the environment's keys. */
const START_WAIT_MS = 30_000;

export interface ProviderServiceOptions {
  opencode: OpencodePort;
  logger: Logger;
  /** What a reload is seen through: its mutation answers once the gateway is steady again. */
  settle?: SettleSources;
  /** Told after each reload (sends then allow a slow first reply). */
  onReloaded?: () => void;
}

/**
 * Provider keys go straight into OpenCode (`PUT /auth/:id`), which stores them; Otto never keeps,
 * returns or logs one. A running OpenCode uses a new key only once it reloads its providers, which
 * cuts off running replies and its event stream (the mirror reconnects by itself).
 */
export class ProviderService {
  private readonly opencode: OpencodePort;
  private readonly logger: Logger;
  private readonly settle: SettleSources | undefined;
  private readonly onReloaded: () => void;

  constructor(options: ProviderServiceOptions) {
    this.opencode = options.opencode;
    this.logger = options.logger;
    this.settle = options.settle;
    this.onReloaded = options.onReloaded ?? (() => undefined);
  }

  list(): Promise<OpencodeProvider[]> {
    return this.opencode.listProviders();
  }

  async setCredential(providerId: string, apiKey: string, audit: AuditRecord): Promise<OpencodeProvider> {
    // The schema checks the key too; this keeps a caller other than GraphQL from storing a bad one.
    const problem = keyProblem(apiKey);
    if (problem) throw badInput(`input.apiKey: ${problem}`, 'input.apiKey');
    await this.known(providerId, audit, 'input.providerId');
    await this.opencode.setProviderKey(providerId, apiKey);
    return this.reloaded(providerId, 'opencode reloaded for a new provider key');
  }

  async removeCredential(providerId: string, audit: AuditRecord): Promise<OpencodeProvider> {
    await this.known(providerId, audit, 'providerId');
    await this.opencode.removeProviderKey(providerId);
    return this.reloaded(providerId, 'opencode reloaded for a removed provider key');
  }

  /**
   * Puts the environment's keys into OpenCode and reloads it once, before the gateway mirrors or
   * sends anything, so the first prompt uses them. A conventional variable for a provider this
   * OpenCode does not offer is skipped with a warning; OTTO_PROVIDER_KEYS naming one is a mistake.
   */
  async applyAtStart(keys: readonly ProviderKey[], waitMs = START_WAIT_MS): Promise<void> {
    if (keys.length === 0) return;
    // A supervised OpenCode is still starting when the gateway is; an external one may be too.
    const deadline = Date.now() + waitMs;
    const backoff = new Backoff(100, 2_000);
    for (;;) {
      try {
        return await this.putAll(keys);
      } catch (error) {
        if (!isOpencodeError(error)) throw error;
        if (Date.now() >= deadline) {
          // An OpenCode that does not answer must not keep the gateway from serving the console.
          this.logger.error({ err: error, providerIds: keys.map((key) => key.providerId) }, 'provider keys from the environment could not be put into OpenCode');
          return;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, backoff.next()));
    }
  }

  private async putAll(keys: readonly ProviderKey[]): Promise<void> {
    const offered = new Set((await this.opencode.listProviders()).map((provider) => provider.id));
    const applied: string[] = [];
    for (const { providerId, key, source } of keys) {
      if (!offered.has(providerId)) {
        if (source === 'OTTO_PROVIDER_KEYS') {
          throw new ConfigError(`OTTO_PROVIDER_KEYS names the provider ${providerId}, which OpenCode does not offer (it offers ${[...offered].join(', ') || 'none'})`);
        }
        this.logger.warn({ providerId, source }, 'provider key from the environment skipped: OpenCode does not offer this provider');
        continue;
      }
      await this.opencode.setProviderKey(providerId, key);
      applied.push(providerId);
    }
    if (applied.length === 0) return;
    await this.opencode.reload();
    this.onReloaded();
    // OpenCode loads its instance again on the next request, which can take seconds: here, not in the first health probe.
    await this.opencode.listProviders();
    this.logger.info({ providerIds: applied }, 'opencode reloaded with provider keys from the environment');
  }

  /** OpenCode stores a key under any id, so the id is checked against the providers it offers. */
  private async known(providerId: string, audit: AuditRecord, field: string): Promise<void> {
    const providers = await this.opencode.listProviders();
    if (!providers.some((provider) => provider.id === providerId)) {
      throw badInput(`${field}: OpenCode offers no provider ${JSON.stringify(providerId)}`, field);
    }
    audit.noteTarget(providerId);
  }

  private async reloaded(providerId: string, message: string): Promise<OpencodeProvider> {
    const settled = this.settle ? settleAfterReload(this.settle) : undefined;
    await this.opencode.reload();
    this.onReloaded();
    await settled?.();
    // Running replies were cut off and the event stream ends: threads read UNKNOWN until the mirror reconnects.
    this.logger.info({ providerId }, message);
    const provider = (await this.opencode.listProviders()).find((candidate) => candidate.id === providerId);
    if (!provider) throw badInput(`OpenCode no longer offers the provider ${JSON.stringify(providerId)}`, 'providerId');
    return provider;
  }
}
