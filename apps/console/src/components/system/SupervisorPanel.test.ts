import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import type { Role, SupervisorStatusFragment } from '../../gql/graphql';
import { can, type Capability } from '../../roles';
import SupervisorPanel from './SupervisorPanel.vue';

const role = ref<Role>('VIEWER');
const supervisor = ref<SupervisorStatusFragment | null | undefined>();

vi.mock('../../composables/me', () => ({
  useMe: () => ({ can: (capability: Capability) => can(role.value, capability) }),
}));
vi.mock('../../composables/supervisor', () => ({
  useSupervisor: () => ({ supervisor }),
  useRestartOpenCode: () => ({ run: vi.fn(), state: ref('idle'), error: ref() }),
}));

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe('SupervisorPanel', () => {
  it('shows the state, process id, start and each restart with its exit and downtime, newest first', () => {
    supervisor.value = {
      state: 'RUNNING',
      pid: 4242,
      startedAt: minutesAgo(3),
      restarts: [
        { at: minutesAgo(3), reason: 'exited (SIGKILL)', exitCode: null, signal: 'SIGKILL', downMs: 1_250 },
        { at: minutesAgo(20), reason: 'exited with code 1', exitCode: 1, signal: null, downMs: 185_000 },
      ],
    };
    const wrapper = mount(SupervisorPanel);
    const facts = wrapper.findAll('.body > dl dd').map((dd) => dd.text());
    expect(facts).toEqual(['Running', '4242', expect.stringMatching(/3 min/)]);
    const restarts = wrapper.findAll('li').map((item) => item.text());
    expect(restarts).toHaveLength(2);
    expect(restarts[0]).toMatch(/exited \(SIGKILL\)\s*SIGKILL.*When.*3 min.*Down for.*1\.3 s/);
    expect(restarts[1]).toMatch(/exited with code 1\s*code 1.*20 min.*3 min 5 s/);
    expect(wrapper.text()).not.toContain('Restart OpenCode');
  });

  it('says a restart is still down, and offers an admin Restart OpenCode', () => {
    role.value = 'ADMIN';
    supervisor.value = {
      state: 'CRASH_LOOP',
      pid: null,
      startedAt: null,
      restarts: [{ at: minutesAgo(1), reason: 'did not start: opencode serve exited (code 1) before listening', exitCode: null, signal: null, downMs: null }],
    };
    const wrapper = mount(SupervisorPanel);
    expect(wrapper.findAll('.body > dl dd').map((dd) => dd.text())).toEqual(['Crash loop: not restarting', '—', 'not running']);
    expect(wrapper.get('li').text()).toContain('still down');
    expect(wrapper.findAll('button').map((button) => button.text())).toEqual(['Restart OpenCode']);
    role.value = 'VIEWER';
  });

  it('says so when OpenCode has never exited, and when the gateway does not run it at all', () => {
    supervisor.value = { state: 'STARTING', pid: null, startedAt: null, restarts: [] };
    expect(mount(SupervisorPanel).text()).toContain('OpenCode has not exited since the gateway started.');
    supervisor.value = null;
    expect(mount(SupervisorPanel).text()).toContain('OpenCode runs elsewhere (OPENCODE_URL is set)');
  });

  it('shows nothing before the status is known (the page says it is loading)', () => {
    supervisor.value = undefined;
    expect(mount(SupervisorPanel).html()).toBe('<!--v-if-->');
  });
});
