import { describe, expect, it } from 'vitest';
import { can, rolesUpTo, ROLES } from './roles';

describe('roles', () => {
  it('lets each role do what the roles below it do, and nothing while the role is not known', () => {
    expect(ROLES).toEqual(['VIEWER', 'OPERATOR', 'ADMIN']);
    const table = ROLES.map((role) => [role, can(role, 'readThreads'), can(role, 'actOnThreads'), can(role, 'readAudit'), can(role, 'manageOperators')]);
    expect(table).toEqual([
      ['VIEWER', true, false, false, false],
      ['OPERATOR', true, true, false, false],
      ['ADMIN', true, true, true, true],
    ]);
    expect(can(undefined, 'readThreads')).toBe(false);
  });

  it('offers a token no role above its owner', () => {
    expect(rolesUpTo('VIEWER')).toEqual(['VIEWER']);
    expect(rolesUpTo('OPERATOR')).toEqual(['VIEWER', 'OPERATOR']);
    expect(rolesUpTo('ADMIN')).toEqual(['VIEWER', 'OPERATOR', 'ADMIN']);
  });
});
