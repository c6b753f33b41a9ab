import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import {
  addSetupLink,
  countOperators,
  createApiToken,
  createConsoleSession,
  createOperator,
  deleteConsoleSession,
  deleteConsoleSessionById,
  deleteOperatorConsoleSessions,
  deleteSetupLinksBefore,
  findApiTokenBySecret,
  findConsoleSession,
  getApiToken,
  getOperator,
  getOperatorCredentials,
  hasSetupLink,
  isStoreError,
  listApiTokens,
  listConsoleSessions,
  listOperators,
  markOperatorSignedIn,
  revokeApiToken,
  setOperatorPassword,
  touchApiToken,
  touchConsoleSession,
  updateOperator,
  useSetupLink,
  type ApiToken,
  type ConsoleSession,
  type Operator,
  type Role,
  type Store,
} from '@otto/store';
import { tokenMatches } from '../auth/secret-compare.js';
import { callerFor, type Caller } from '../auth/caller.js';
import { CredentialCache, type VerifiedCredential } from '../auth/credential-cache.js';
import { lowerRole } from '../auth/roles.js';
import { badInput, codedError, notFound } from '../errors.js';

/** The operator made on first start; the legacy operator token acts for it. */
export const BOOTSTRAP_ADMIN = 'admin';

export interface OperatorServiceOptions {
  store: Store;
  /** `OTTO_OPERATOR_TOKEN` (or the token file of older installs): a token of the bootstrap admin. */
  legacyToken?: string;
  /** How long a console session lasts. Default 7 days. */
  sessionTtlMs?: number;
  clock?: () => number;
}

/** How long a first-start link works: long enough to open it the next morning, short enough that an old log line is no key. */
export const SETUP_LINK_TTL_MS = 24 * 3_600_000;

/** How often a token's lastUsedAt and a session's lastSeenAt are written, at most. */
const TOUCH_EVERY_MS = 60_000;

/** A hash verified when the name is unknown, so a wrong name costs as long as a wrong password. */
const UNKNOWN_NAME_HASH = hash(randomBytes(16).toString('hex'));

/** Operators, their passwords, API tokens and console sessions; who a credential speaks for. */
export class OperatorService {
  private readonly store: Store;
  private readonly now: () => number;
  private readonly sessionTtlMs: number;
  /** Who tokens and cookies speak for, briefly; every change below that can end or lower one forgets it. */
  private readonly credentials = new CredentialCache();

  constructor(private readonly options: OperatorServiceOptions) {
    this.store = options.store;
    this.now = options.clock ?? Date.now;
    this.sessionTtlMs = options.sessionTtlMs ?? 7 * 24 * 3_600_000;
  }

  /**
   * First start: with no operator at all, creates the ADMIN `admin`, with `adminPassword` when given.
   * While that admin has no password, returns the secret of a one-time link that lets the first
   * person choose it: a new one each start, kept in the database so that any gateway on it takes it,
   * for `SETUP_LINK_TTL_MS` or until a password is chosen.
   */
  async bootstrap(adminPassword?: string): Promise<{ setupSecret: string | null }> {
    if ((await countOperators(this.store.db)) === 0) {
      try {
        await createOperator(this.store.db, {
          name: BOOTSTRAP_ADMIN,
          role: 'ADMIN',
          passwordHash: adminPassword ? await hash(adminPassword) : null,
          now: this.now(),
        });
      } catch (error) {
        // Another gateway starting on the same database made the admin between our count and our insert.
        if (!(isStoreError(error) && error.code === 'CONFLICT')) throw error;
      }
    }
    const admin = await getOperatorCredentials(this.store.db, BOOTSTRAP_ADMIN);
    if (!admin || admin.passwordHash !== null) return { setupSecret: null };
    const now = this.now();
    await deleteSetupLinksBefore(this.store.db, now - SETUP_LINK_TTL_MS);
    const setupSecret = randomBytes(24).toString('base64url');
    await addSetupLink(this.store.db, setupSecret, now);
    return { setupSecret };
  }

  /** Whether an enabled admin can sign in with a password: something stronger than the legacy shared token guards the console. */
  async adminHasPassword(): Promise<boolean> {
    const admins = (await listOperators(this.store.db)).filter((operator) => operator.role === 'ADMIN' && !operator.disabled);
    for (const admin of admins) if ((await getOperatorCredentials(this.store.db, admin.name))?.passwordHash) return true;
    return false;
  }

  /** Uses a first-start link, printed by this gateway or another on the database: the bootstrap admin's password is set and every link is spent. */
  async completeSetup(secret: string, password: string): Promise<Operator | null> {
    const notBefore = this.now() - SETUP_LINK_TTL_MS;
    // Checked before the costly hash, so a wrong link costs nothing.
    if (!(await hasSetupLink(this.store.db, secret, notBefore))) return null;
    const admin = await getOperatorCredentials(this.store.db, BOOTSTRAP_ADMIN);
    if (!admin || admin.passwordHash !== null) return null;
    const operator = await useSetupLink(this.store.db, { secret, notBefore, operatorId: admin.operator.id, passwordHash: await hash(password) });
    return operator ?? null;
  }

  /** The caller a bearer token speaks for: the legacy token, or an unrevoked, unexpired `otto_` token of an enabled operator. */
  callerForToken(secret: string): Promise<Caller | null> {
    return this.credentials.callerFor('token', secret, this.now(), () => this.verifyToken(secret));
  }

  private async verifyToken(secret: string): Promise<VerifiedCredential | null> {
    if (this.options.legacyToken && tokenMatches(this.options.legacyToken, secret)) {
      const admin = (await getOperatorCredentials(this.store.db, BOOTSTRAP_ADMIN))?.operator;
      return admin && !admin.disabled ? { caller: callerFor(admin, admin.role, { tokenName: 'legacy' }), expiresAt: null } : null;
    }
    if (!secret.startsWith('otto_')) return null;
    const token = await findApiTokenBySecret(this.store.db, secret);
    const now = this.now();
    if (!token || token.revokedAt !== null || (token.expiresAt !== null && token.expiresAt <= now)) return null;
    const owner = await getOperator(this.store.db, token.operatorId);
    if (!owner || owner.disabled) return null;
    // Written at most once a minute; most requests need no write at all.
    if (now - (token.lastUsedAt ?? 0) >= TOUCH_EVERY_MS) await touchApiToken(this.store.db, token.id, now);
    return { caller: callerFor(owner, lowerRole(token.role, owner.role), { tokenName: token.name }), tokenId: token.id, expiresAt: token.expiresAt };
  }

  /** The caller a console session cookie speaks for, while the session lasts and its operator is enabled. */
  callerForSession(secret: string): Promise<Caller | null> {
    return this.credentials.callerFor('session', secret, this.now(), () => this.verifySession(secret));
  }

  private async verifySession(secret: string): Promise<VerifiedCredential | null> {
    const now = this.now();
    const session = await findConsoleSession(this.store.db, secret, now);
    if (!session) return null;
    const operator = await getOperator(this.store.db, session.operatorId);
    if (!operator || operator.disabled) return null;
    if (now - session.lastSeenAt >= TOUCH_EVERY_MS) await touchConsoleSession(this.store.db, session.id, now);
    return { caller: callerFor(operator, operator.role, { sessionId: session.id }), expiresAt: session.expiresAt };
  }

  /** The enabled operator with that name and password, or null; as slow for an unknown name. */
  async checkPassword(name: string, password: string): Promise<Operator | null> {
    const credentials = await getOperatorCredentials(this.store.db, name);
    const stored = credentials?.passwordHash ?? (await UNKNOWN_NAME_HASH);
    const matches = await verify(stored, password).catch(() => false);
    return credentials && credentials.passwordHash && matches && !credentials.operator.disabled ? credentials.operator : null;
  }

  /** A console session for an operator who just proved who they are; returns the cookie secret. */
  async openSession(operatorId: string, client: { userAgent: string | null; clientAddress: string | null }): Promise<string> {
    const now = this.now();
    const { secret } = await createConsoleSession(this.store.db, { operatorId, now, ttlMs: this.sessionTtlMs, ...client });
    await markOperatorSignedIn(this.store.db, operatorId, now);
    return secret;
  }

  /** Signs a browser out: its session is forgotten. */
  async closeSession(secret: string): Promise<void> {
    await deleteConsoleSession(this.store.db, secret);
    this.credentials.forgetSecret('session', secret);
  }

  get sessionMaxAgeMs(): number {
    return this.sessionTtlMs;
  }

  // ── What the schema exposes ──

  async me(caller: Caller): Promise<Operator> {
    const operator = await getOperator(this.store.db, caller.operatorId);
    if (!operator) throw codedError('UNAUTHENTICATED', 'The operator behind this credential no longer exists');
    return operator;
  }

  operator(id: string): Promise<Operator | undefined> {
    return getOperator(this.store.db, id);
  }

  list(): Promise<Operator[]> {
    return listOperators(this.store.db);
  }

  async create(input: { name: string; password: string; role: Role }): Promise<Operator> {
    try {
      return await createOperator(this.store.db, { name: input.name, role: input.role, passwordHash: await hash(input.password), now: this.now() });
    } catch (error) {
      if (isStoreError(error) && error.code === 'CONFLICT') throw badInput(`An operator named ${input.name} exists already`, 'input.name');
      throw error;
    }
  }

  /** A disabled operator's sessions end at once (its tokens stop at their next use). */
  async update(id: string, change: { role?: Role; disabled?: boolean }): Promise<Operator> {
    const operator = await updateOperator(this.store.db, id, change);
    if (!operator) throw notFound(`No operator ${id}`);
    if (change.disabled) await deleteOperatorConsoleSessions(this.store.db, id);
    this.forgetOperator(id);
    return operator;
  }

  /**
   * Sets a password: one's own (with the current one, when there is one), or — for an admin — anyone's.
   * The operator's other console sessions end; the one that changed it stays.
   */
  async setPassword(caller: Caller, input: { operatorId?: string; currentPassword?: string; newPassword: string }): Promise<Operator> {
    const id = input.operatorId ?? caller.operatorId;
    const operator = await getOperator(this.store.db, id);
    if (!operator) throw notFound(`No operator ${id}`);
    if (id === caller.operatorId) {
      const credentials = await getOperatorCredentials(this.store.db, operator.name);
      const current = credentials?.passwordHash;
      if (current && !(input.currentPassword && (await verify(current, input.currentPassword).catch(() => false)))) {
        throw badInput('currentPassword is not your current password', 'input.currentPassword');
      }
    }
    await setOperatorPassword(this.store.db, id, await hash(input.newPassword));
    await deleteOperatorConsoleSessions(this.store.db, id, id === caller.operatorId && caller.sessionId ? { except: caller.sessionId } : {});
    this.forgetOperator(id);
    return operator;
  }

  /** Tokens the caller may see: their own, or everyone's for an admin. */
  tokens(caller: Caller): Promise<ApiToken[]> {
    return listApiTokens(this.store.db, caller.role === 'ADMIN' ? {} : { operatorId: caller.operatorId });
  }

  /** A token for the caller (or, for an admin, anyone) with a role no higher than its owner's; the secret is returned once. */
  async createToken(caller: Caller, input: { name: string; role?: Role; expiresAt?: number; operatorId?: string }) {
    const owner = await getOperator(this.store.db, input.operatorId ?? caller.operatorId);
    if (!owner) throw notFound(`No operator ${input.operatorId ?? caller.operatorId}`);
    const role = input.role ?? owner.role;
    if (lowerRole(role, owner.role) !== role) throw codedError('FORBIDDEN', `A token cannot have a higher role than its owner (${owner.role})`);
    if (input.expiresAt !== undefined && input.expiresAt <= this.now()) throw badInput('expiresAt must be in the future', 'input.expiresAt');
    return createApiToken(this.store.db, { operatorId: owner.id, name: input.name, role, expiresAt: input.expiresAt ?? null, now: this.now() });
  }

  /** Whose a token is; the scope rule of revokeApiToken asks this. */
  async tokenOwner(id: string): Promise<string | undefined> {
    return (await getApiToken(this.store.db, id))?.operatorId;
  }

  async revokeToken(id: string): Promise<ApiToken> {
    const token = await revokeApiToken(this.store.db, id, this.now());
    if (!token) throw notFound(`No API token ${id}`);
    this.credentials.forget((credential) => credential.tokenId === id);
    return token;
  }

  sessions(caller: Caller): Promise<ConsoleSession[]> {
    return listConsoleSessions(this.store.db, caller.operatorId, this.now());
  }

  /** Ends one of the caller's own console sessions (another's is NOT_FOUND, as if it did not exist). */
  async revokeSession(caller: Caller, id: string): Promise<ConsoleSession> {
    const mine = (await this.sessions(caller)).some((session) => session.id === id);
    const ended = mine ? await deleteConsoleSessionById(this.store.db, id) : undefined;
    if (!ended) throw notFound(`No console session ${id}`);
    this.credentials.forget((credential) => credential.caller.sessionId === id);
    return ended;
  }

  /** An operator's role, state or password changed: whatever of theirs is remembered is read again. */
  private forgetOperator(id: string): void {
    this.credentials.forget((credential) => credential.caller.operatorId === id);
  }
}
