import { watch } from 'vue';
import { notify } from './notifications';
import type { SystemStatus } from './system';

/**
 * Notifies when OpenCode goes down, when it is back (restarted by the gateway, or reachable again),
 * and when the gateway gives up restarting it (a crash loop), whether or not the console is in view:
 * whoever is on call wants to know at once.
 */
export function useOpencodeNotifications({ system }: SystemStatus) {
  let last: 'up' | 'down' | 'crash_loop' | undefined;
  watch(
    () => system.value,
    (current) => {
      if (!current) return;
      const { opencode, supervisor } = current;
      const now = supervisor?.state === 'CRASH_LOOP' ? 'crash_loop' : opencode.status === 'DOWN' ? 'down' : 'up';
      const was = last;
      last = now;
      if (was === undefined || was === now) return;
      if (now === 'crash_loop') {
        const reason = supervisor?.restarts[0]?.reason;
        notify({ title: 'OpenCode keeps crashing', body: `${reason ? `${reason}. ` : ''}No more restarts until an admin restarts it.`, tag: 'opencode' });
      } else if (now === 'down') notify({ title: 'OpenCode is down', body: opencode.lastError ?? 'It stopped answering.', tag: 'opencode' });
      else notify({ title: supervisor ? 'OpenCode was restarted' : 'OpenCode is back', body: 'It answers again; threads are live.', tag: 'opencode' });
    },
  );
}
