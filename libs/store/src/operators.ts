import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { StoreError } from './errors.js';
import { isRole, ROLES, type Role } from './roles.js';
import type { OperatorRow } from './tables/operators.table.js';

/** A named person who signs in to the console or owns API tokens; never carries the password hash. */
export interface Operator {
  id: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: number;
  lastSignInAt: number | null;
}

export interface CreateOperatorInput {
  /** Unique whatever its case: `Alice` and `alice` are the same operator. */
  name: string;
  role: Role;
  /** null: the operator cannot sign in with a password (e.g. one that only owns API tokens). */
  passwordHash: string | null;
  now: number;
}

export interface OperatorChange {
  role?: Role;
  disabled?: boolean;
}

export interface OperatorCredentials {
  operator: Operator;
  passwordHash: string | null;
}

/** What names are compared by: two names equal but for case are one. */
const nameKey = (name: string) => name.toLowerCase();

function checkRole(role: Role): void {
  if (!isRole(role)) {
    throw new StoreError('INVALID_ARGUMENT', `role must be one of ${ROLES.join(', ')}, not ${String(role)}`);
  }
}

/**
 * Adds an operator; throws CONFLICT when the name is taken (in any case) and INVALID_ARGUMENT for a
 * blank name or an unknown role. Of callers racing for one name, across connections too, one wins.
 */
export async function createOperator(db: Kysely<Database>, input: CreateOperatorInput): Promise<Operator> {
  if (input.name.trim() === '') throw new StoreError('INVALID_ARGUMENT', 'An operator name cannot be blank');
  checkRole(input.role);
  // One statement checks the name and writes, so two creators cannot both see the name free.
  const row = await db
    .insertInto('operators')
    .values({
      id: randomUUID(),
      name: input.name,
      name_key: nameKey(input.name),
      role: input.role,
      password_hash: input.passwordHash,
      disabled: 0,
      created_at: input.now,
      last_sign_in_at: null,
    })
    .onConflict((oc) => oc.column('name_key').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (row === undefined) throw new StoreError('CONFLICT', `An operator named "${input.name}" already exists`);
  return toOperator(row);
}

export async function getOperator(db: Kysely<Database>, id: string): Promise<Operator | undefined> {
  const row = await db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toOperator(row);
}

/** The operator signing in by this name (in any case) and its password hash; disabled ones too. */
export async function getOperatorCredentials(
  db: Kysely<Database>,
  name: string,
): Promise<OperatorCredentials | undefined> {
  const row = await db.selectFrom('operators').selectAll().where('name_key', '=', nameKey(name)).executeTakeFirst();
  return row && { operator: toOperator(row), passwordHash: row.password_hash };
}

/** Every operator, by name whatever its case. */
export async function listOperators(db: Kysely<Database>): Promise<Operator[]> {
  const rows = await db.selectFrom('operators').selectAll().orderBy('name_key').execute();
  return rows.map(toOperator);
}

export async function countOperators(db: Kysely<Database>): Promise<number> {
  const { count } = await db
    .selectFrom('operators')
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  // Dialects return counts as number, bigint or string.
  return Number(count);
}

/** Changes the role and/or the disabled flag; returns the operator as changed, undefined if there is none. */
export async function updateOperator(
  db: Kysely<Database>,
  id: string,
  change: OperatorChange,
): Promise<Operator | undefined> {
  const set: { role?: Role; disabled?: number } = {};
  if (change.role !== undefined) {
    checkRole(change.role);
    set.role = change.role;
  }
  if (change.disabled !== undefined) set.disabled = change.disabled ? 1 : 0;
  if (Object.keys(set).length === 0) return getOperator(db, id);
  const row = await db.updateTable('operators').set(set).where('id', '=', id).returningAll().executeTakeFirst();
  return row && toOperator(row);
}

/** Returns whether the operator exists. */
export async function setOperatorPassword(db: Kysely<Database>, id: string, passwordHash: string): Promise<boolean> {
  const result = await db
    .updateTable('operators')
    .set({ password_hash: passwordHash })
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Sets a password only while the operator has none: of two first passwords chosen at once, one wins. */
export async function setFirstOperatorPassword(db: Kysely<Database>, id: string, passwordHash: string): Promise<Operator | undefined> {
  const row = await db
    .updateTable('operators')
    .set({ password_hash: passwordHash })
    .where('id', '=', id)
    .where('password_hash', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return row && toOperator(row);
}

export async function markOperatorSignedIn(db: Kysely<Database>, id: string, now: number): Promise<void> {
  await db.updateTable('operators').set({ last_sign_in_at: now }).where('id', '=', id).execute();
}

function toOperator(row: OperatorRow): Operator {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    disabled: row.disabled !== 0,
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
  };
}
