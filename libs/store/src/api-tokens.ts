import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { StoreError } from './errors.js';
import { getOperator } from './operators.js';
import { isRole, ROLES, type Role } from './roles.js';
import { hashSecret } from './secrets.js';
import type { ApiTokenRow } from './tables/api-tokens.table.js';

/** A bearer token acting for an operator; the secret is shown once, at creation, and never stored. */
export interface ApiToken {
  id: string;
  operatorId: string;
  name: string;
  role: Role;
  createdAt: number;
  lastUsedAt: number | null;
  /** null: never expires. */
  expiresAt: number | null;
  /** null: not revoked. */
  revokedAt: number | null;
}

export interface CreateApiTokenInput {
  operatorId: string;
  name: string;
  role: Role;
  expiresAt: number | null;
  now: number;
}

export interface CreatedApiToken {
  /** `otto_` and 43 base64url characters (32 random bytes): give it to the caller once. */
  secret: string;
  apiToken: ApiToken;
}

export interface ListApiTokensFilter {
  operatorId?: string;
}

/** Every secret starts with it, so a leaked one is recognisable (secret scanners, logs). */
const SECRET_PREFIX = 'otto_';
/** `lastUsedAt` is written at most this often, so a busy token does not cost a write per request. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Issues a token for an operator. The role is stored as given: capping it at the operator's role is the
 * caller's policy. Throws INVALID_ARGUMENT for an unknown role or operator.
 */
export async function createApiToken(db: Kysely<Database>, input: CreateApiTokenInput): Promise<CreatedApiToken> {
  if (!isRole(input.role)) {
    throw new StoreError('INVALID_ARGUMENT', `role must be one of ${ROLES.join(', ')}, not ${String(input.role)}`);
  }
  const secret = SECRET_PREFIX + randomBytes(32).toString('base64url');
  try {
    const row = await db
      .insertInto('api_tokens')
      .values({
        id: randomUUID(),
        operator_id: input.operatorId,
        name: input.name,
        role: input.role,
        secret_hash: hashSecret(secret),
        created_at: input.now,
        last_used_at: null,
        expires_at: input.expiresAt,
        revoked_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { secret, apiToken: toApiToken(row) };
  } catch (error) {
    // The foreign key refused it; asked only after a failure, so a good insert costs one statement.
    if ((await getOperator(db, input.operatorId)) === undefined) {
      throw new StoreError('INVALID_ARGUMENT', `There is no operator ${input.operatorId}`, { cause: error });
    }
    throw error;
  }
}

/** The token this secret names, whatever its state: the caller checks `revokedAt` and `expiresAt`. */
export async function findApiTokenBySecret(db: Kysely<Database>, secret: string): Promise<ApiToken | undefined> {
  if (!secret.startsWith(SECRET_PREFIX)) return undefined;
  const row = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('secret_hash', '=', hashSecret(secret))
    .executeTakeFirst();
  return row && toApiToken(row);
}

export async function getApiToken(db: Kysely<Database>, id: string): Promise<ApiToken | undefined> {
  const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toApiToken(row);
}

/** Tokens in every state, newest first; all of them or one operator's. */
export async function listApiTokens(db: Kysely<Database>, filter: ListApiTokensFilter = {}): Promise<ApiToken[]> {
  let query = db.selectFrom('api_tokens').selectAll();
  if (filter.operatorId !== undefined) query = query.where('operator_id', '=', filter.operatorId);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(toApiToken);
}

/** Revokes the token; revoking it again keeps the first `revokedAt`. Undefined when there is no such token. */
export async function revokeApiToken(db: Kysely<Database>, id: string, now: number): Promise<ApiToken | undefined> {
  const row = await db
    .updateTable('api_tokens')
    .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(now)) }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && toApiToken(row);
}

/** Records a use: writes `lastUsedAt` only when it is unset or more than a minute older than `now`. */
export async function touchApiToken(db: Kysely<Database>, id: string, now: number): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', now - TOUCH_INTERVAL_MS)]))
    .execute();
}

function toApiToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    operatorId: row.operator_id,
    name: row.name,
    role: row.role,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}
