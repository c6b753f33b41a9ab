import type { UpstreamStatus } from './gql/graphql';

/** What the console needs to know of one OpenCode server to place threads on it. */
export interface ServerHealth {
  name: string;
  status: UpstreamStatus;
}

/**
 * The servers an operator chooses between (list filter, new-thread picker) and that badges name.
 * With one server there is nothing to choose or tell apart, so nothing changes for single-server users.
 */
export function choosableServers(servers: readonly ServerHealth[]): string[] {
  return servers.length > 1 ? servers.map((server) => server.name) : [];
}

/**
 * The list filter's server, still valid: a server the gateway no longer names (its list changed, or
 * it is down to one) would filter the list to nothing, so the filter falls back to every server ('').
 * While the servers are not known yet (undefined) the choice is kept.
 */
export function keptServerFilter(selected: string, names: readonly string[] | undefined): string {
  if (selected === '' || names === undefined) return selected;
  return names.includes(selected) ? selected : '';
}

/**
 * Whether a thread's server is down. A name the list lacks (an older gateway, or the list not read
 * yet) falls back to the default server's status, as before there were several.
 */
export function isServerDown(servers: readonly ServerHealth[], name: string | undefined, defaultStatus: UpstreamStatus | undefined): boolean {
  const server = name === undefined ? undefined : servers.find((candidate) => candidate.name === name);
  return (server?.status ?? defaultStatus) === 'DOWN';
}

/**
 * Changes whenever a server's status does. The gateway tells list watchers of threads that change in
 * OpenCode, not of threads that turn UNKNOWN because their server stopped answering (DOWN) or its
 * event stream is not back yet (DEGRADED), nor of their coming back (UP), so the list is read again
 * when this changes.
 */
export function healthSignature(servers: readonly ServerHealth[]): string {
  return servers.map((server) => `${server.name}:${server.status}`).join(' ');
}

export interface OutageNotice {
  level: 'warn' | 'info';
  text: string;
}

const quoted = (names: readonly string[]) => names.map((name) => `“${name}”`).join(', ');

/**
 * The banner's words when some of several servers are down or slow: which ones, and what it means
 * for their threads. Null with one server (the banner says "OpenCode" then) or when all are well.
 */
export function serverOutage(servers: readonly ServerHealth[]): OutageNotice | null {
  if (servers.length < 2) return null;
  const down = servers.filter((server) => server.status === 'DOWN').map((server) => server.name);
  if (down.length > 0) {
    const one = down.length === 1;
    const subject = one ? `OpenCode server ${quoted(down)} is` : `OpenCode servers ${quoted(down)} are`;
    const threads = down.length === servers.length ? 'Threads are' : one ? 'Its threads are' : 'Their threads are';
    return {
      level: 'warn',
      text: `${subject} unreachable. ${threads} shown from the gateway's cache and sending to them is disabled until ${one ? 'it is' : 'they are'} back.`,
    };
  }
  const slow = servers.filter((server) => server.status === 'DEGRADED').map((server) => server.name);
  if (slow.length > 0) {
    const subject = slow.length === 1 ? `OpenCode server ${quoted(slow)} is` : `OpenCode servers ${quoted(slow)} are`;
    return { level: 'info', text: `${subject} answering slowly or without ${slow.length === 1 ? 'its' : 'their'} event stream; updates may lag.` };
  }
  return null;
}

/** A gateway instance id (a UUID) short enough to read aloud, long enough to tell a handful apart, as git shortens hashes. */
export function shortInstanceId(instanceId: string): string {
  return instanceId.slice(0, 8);
}
