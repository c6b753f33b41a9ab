import { watch } from 'vue';
import { notify } from './notifications';
import type { SystemStatus } from './system';

type Health = 'up' | 'down' | 'crash_loop';

/**
 * Notifies when OpenCode goes down, when it is back (restarted by the gateway, or reachable again),
 * and when the gateway gives up restarting it (a crash loop), whether or not the console is in view:
 * whoever is on call wants to know at once. With several servers, each is told of by name.
 */
export function useOpencodeNotifications({ system }: SystemStatus) {
  let last: Map<string, Health> | undefined;
  watch(
    () => system.value,
    (current) => {
      if (!current) return;
      const { opencode, supervisor } = current;
      const several = (current.opencodeServers?.length ?? 0) > 1;
      // One server: the supervisor's crash loop is its own; several are never supervised.
      const servers = several
        ? current.opencodeServers.map((server) => ({ name: server.name, health: (server.status === 'DOWN' ? 'down' : 'up') as Health, lastError: server.lastError }))
        : [{ name: '', health: (supervisor?.state === 'CRASH_LOOP' ? 'crash_loop' : opencode.status === 'DOWN' ? 'down' : 'up') as Health, lastError: opencode.lastError }];
      const was = last;
      last = new Map(servers.map((server) => [server.name, server.health]));
      if (!was) return;
      for (const { name, health, lastError } of servers) {
        const before = was.get(name);
        if (before === undefined || before === health) continue;
        const subject = name ? `OpenCode server “${name}”` : 'OpenCode';
        const tag = name ? `opencode:${name}` : 'opencode';
        if (health === 'crash_loop') {
          const reason = supervisor?.restarts[0]?.reason;
          notify({ title: 'OpenCode keeps crashing', body: `${reason ? `${reason}. ` : ''}No more restarts until an admin restarts it.`, tag });
        } else if (health === 'down') notify({ title: `${subject} is down`, body: lastError ?? 'It stopped answering.', tag });
        else notify({ title: supervisor && !name ? 'OpenCode was restarted' : `${subject} is back`, body: 'It answers again; threads are live.', tag });
      }
    },
  );
}
