import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { computed, ref } from 'vue';
import type { SupervisorStatusFragment } from '../../gql/graphql';
import { isSupervisorTrouble } from '../../supervisor';
import StatusBanner from './StatusBanner.vue';

const supervisor = ref<Pick<SupervisorStatusFragment, 'state'> | null>(null);
const opencode = ref<{ status: 'UP' | 'DOWN' | 'DEGRADED'; lastError: string | null }>({ status: 'UP', lastError: null });

vi.mock('../../composables/connection', () => ({ useConnection: () => ({ offline: ref(false), retryIn: ref(0), retryNow: () => undefined }) }));
vi.mock('../../composables/system', () => ({ useSystem: () => ({ system: computed(() => ({ opencode: opencode.value })) }) }));
vi.mock('../../composables/servers', () => ({ useServers: () => ({ outage: computed(() => null) }) }));
vi.mock('../../composables/supervisor', () => ({
  useSupervisor: () => ({ supervisor, inTrouble: computed(() => isSupervisorTrouble(supervisor.value?.state)) }),
}));
// Its own test covers it; here it would need the role and the restart mutation.
vi.mock('../system/SupervisorBanner.vue', () => ({ default: { render: () => null } }));

const status = () => mount(StatusBanner).find('[role="status"]').text();

describe('StatusBanner', () => {
  it('says OpenCode is starting, not unreachable, while the gateway is starting its own', () => {
    supervisor.value = { state: 'STARTING' };
    opencode.value = { status: 'DOWN', lastError: 'OpenCode unreachable during global.health (ECONNREFUSED)' };
    expect(status()).toBe('OpenCode is starting. Threads and sending are back as soon as it answers.');
  });

  it('says OpenCode is unreachable, with the last error, when it is down and not starting', () => {
    opencode.value = { status: 'DOWN', lastError: 'OpenCode unreachable during global.health (ECONNREFUSED)' };
    for (const state of ['RUNNING', null] as const) {
      supervisor.value = state ? { state } : null;
      expect(status()).toMatch(/^OpenCode is unreachable\. .*Last error: OpenCode unreachable during global\.health \(ECONNREFUSED\)$/);
    }
  });

  it('says nothing while OpenCode answers, starting or not', () => {
    opencode.value = { status: 'UP', lastError: null };
    supervisor.value = { state: 'STARTING' };
    expect(status()).toBe('');
  });
});
