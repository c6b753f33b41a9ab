import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { setFirstOperatorPassword, type Operator } from './operators.js';
import { hashSecret } from './secrets.js';

export async function addSetupLink(db: Kysely<Database>, secret: string, now: number): Promise<void> {
  await db.insertInto('setup_links').values({ secret_hash: hashSecret(secret), created_at: now }).execute();
}

/** Whether a link with this secret was made at `notBefore` or later and is unspent. */
export async function hasSetupLink(db: Kysely<Database>, secret: string, notBefore: number): Promise<boolean> {
  const row = await db
    .selectFrom('setup_links')
    .select('created_at')
    .where('secret_hash', '=', hashSecret(secret))
    .where('created_at', '>=', notBefore)
    .executeTakeFirst();
  return row !== undefined;
}

export interface UseSetupLinkInput {
  secret: string;
  notBefore: number;
  operatorId: string;
  passwordHash: string;
}

/**
 * Spends a link: sets the operator's first password and forgets every link, all at once. Undefined,
 * and nothing changed, when the link is unknown, older than `notBefore`, or the password was chosen.
 */
export function useSetupLink(db: Kysely<Database>, input: UseSetupLinkInput): Promise<Operator | undefined> {
  return db.transaction().execute(async (trx) => {
    if (!(await hasSetupLink(trx, input.secret, input.notBefore))) return undefined;
    const operator = await setFirstOperatorPassword(trx, input.operatorId, input.passwordHash);
    if (operator) await trx.deleteFrom('setup_links').execute();
    return operator;
  });
}

export async function deleteSetupLinksBefore(db: Kysely<Database>, before: number): Promise<void> {
  await db.deleteFrom('setup_links').where('created_at', '<', before).execute();
}
