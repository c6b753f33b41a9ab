import { watch } from 'vue';
import { notify } from './notifications';
import type { SystemStatus } from './system';

/**
 * Notifies when OpenCode goes down and when it is back (crashed and restarted, or reachable again),
 * whether or not the console is in view: whoever is on call wants to know at once.
 */
export function useOpencodeNotifications({ system }: SystemStatus) {
  let last: string | undefined;
  watch(
    () => system.value?.opencode,
    (opencode) => {
      if (!opencode) return;
      const down = opencode.status === 'DOWN';
      const was = last;
      last = down ? 'down' : 'up';
      if (was === undefined || was === last) return;
      if (down) notify({ title: 'OpenCode is down', body: opencode.lastError ?? 'It stopped answering.', tag: 'opencode' });
      else notify({ title: 'OpenCode is back', body: 'It answers again; threads are live.', tag: 'opencode' });
    },
  );
}
