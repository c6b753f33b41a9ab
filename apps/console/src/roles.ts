import type { Role } from './gql/graphql';

/**
 * Each role may do what the ones below it may. A Record over the generated Role: a role added to the
 * schema fails the typecheck here until it has a place.
 */
const RANK: Record<Role, number> = { VIEWER: 0, OPERATOR: 1, ADMIN: 2 };

/** Lowest first. */
export const ROLES = (Object.keys(RANK) as Role[]).sort((a, b) => RANK[a] - RANK[b]);

export const ROLE_LABELS: Record<Role, string> = { VIEWER: 'Viewer', OPERATOR: 'Operator', ADMIN: 'Admin' };

/** What a role may do, in a sentence, as the role selects explain it. */
export const ROLE_HINTS: Record<Role, string> = {
  VIEWER: 'Reads threads, messages and the system status.',
  OPERATOR: 'What a Viewer does, and starts threads, sends messages, answers permissions and questions, and aborts.',
  ADMIN: "What an Operator does, and manages operators and everyone's tokens, reads the audit log and the logs, restarts OpenCode, sets provider keys, and starts or stops the tunnel.",
};

/** What the console offers, and the least role that may do it; the gateway refuses the rest anyway. */
const NEEDS = {
  readThreads: 'VIEWER',
  /** Create a thread, send, answer a permission or a question, abort. */
  actOnThreads: 'OPERATOR',
  readAudit: 'ADMIN',
  readLogs: 'ADMIN',
  manageOperators: 'ADMIN',
  restartOpenCode: 'ADMIN',
  /** Start and stop the cloudflared tunnel that exposes the console. */
  manageTunnel: 'ADMIN',
  /** Set and remove the API keys OpenCode uses for its model providers. */
  manageProviders: 'ADMIN',
} as const satisfies Record<string, Role>;

export type Capability = keyof typeof NEEDS;

export function atLeast(role: Role | undefined, needed: Role): boolean {
  return role !== undefined && RANK[role] >= RANK[needed];
}

/** Whether the role allows it; nothing is allowed while the role is not known. */
export function can(role: Role | undefined, capability: Capability): boolean {
  return atLeast(role, NEEDS[capability]);
}

export function neededFor(capability: Capability): Role {
  return NEEDS[capability];
}

/** The roles a token of someone with `role` may have: theirs and the ones below. */
export function rolesUpTo(role: Role): Role[] {
  return ROLES.filter((candidate) => atLeast(role, candidate));
}
