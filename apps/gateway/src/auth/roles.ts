import { ROLES, type Role } from '@otto/store';

/** The scope-auth scopes: each role has its own scope and every scope below it. */
export interface RoleScopes {
  viewer: boolean;
  operator: boolean;
  admin: boolean;
}

const rank = (role: Role) => ROLES.indexOf(role);

export function scopesOf(role: Role | undefined): RoleScopes {
  const at = role ? rank(role) : -1;
  return { viewer: at >= 0, operator: at >= 1, admin: at >= 2 };
}

/** The scope a role stands for, for rules such as "no token above your own role". */
export const SCOPE_OF: Record<Role, keyof RoleScopes> = { VIEWER: 'viewer', OPERATOR: 'operator', ADMIN: 'admin' };

/** The lower of two roles: what a token acts as when its owner has since been given less. */
export const lowerRole = (a: Role, b: Role): Role => (rank(a) <= rank(b) ? a : b);
