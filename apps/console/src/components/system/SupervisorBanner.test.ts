import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { computed, ref } from 'vue';
import type { Role, SupervisorStatusFragment } from '../../gql/graphql';
import { can, type Capability } from '../../roles';
import { isSupervisorTrouble } from '../../supervisor';
import SupervisorBanner from './SupervisorBanner.vue';

const role = ref<Role>('ADMIN');
const offline = ref(false);
const supervisor = ref<SupervisorStatusFragment | null>(null);
const run = vi.fn(async () => ({ restartOpenCode: supervisor.value }));

vi.mock('../../composables/me', () => ({
  useMe: () => ({ can: (capability: Capability) => can(role.value, capability) }),
}));
vi.mock('../../composables/connection', () => ({ useConnection: () => ({ offline }) }));
vi.mock('../../composables/supervisor', () => ({
  useSupervisor: () => ({
    supervisor,
    inTrouble: computed(() => isSupervisorTrouble(supervisor.value?.state)),
    lastRestart: computed(() => supervisor.value?.restarts[0]),
  }),
  useRestartOpenCode: () => ({ run, state: ref('idle'), error: ref() }),
}));

const KILLED = { at: '2026-03-01T10:00:00.000Z', reason: 'exited (SIGKILL)', exitCode: null, signal: 'SIGKILL', downMs: null };
const inState = (state: SupervisorStatusFragment['state']): SupervisorStatusFragment => ({
  state,
  pid: state === 'RUNNING' ? 4242 : null,
  startedAt: null,
  restarts: state === 'RUNNING' ? [] : [KILLED],
});

const banner = () => mount(SupervisorBanner, { attachTo: document.body });
const buttonLabels = (wrapper: ReturnType<typeof banner>) => wrapper.findAll('button').map((button) => button.text());

describe('SupervisorBanner', () => {
  it('says nothing while OpenCode runs, or when the gateway does not run it', () => {
    supervisor.value = inState('RUNNING');
    expect(banner().text()).toBe('');
    supervisor.value = null;
    expect(banner().text()).toBe('');
  });

  it('names a crash loop and its last exit, and offers an admin Restart OpenCode', () => {
    role.value = 'ADMIN';
    supervisor.value = inState('CRASH_LOOP');
    const wrapper = banner();
    expect(wrapper.find('[role="status"]').text()).toContain('OpenCode keeps crashing, so the gateway stopped restarting it.');
    expect(wrapper.text()).toContain('Last exit: exited (SIGKILL)');
    expect(buttonLabels(wrapper)).toEqual(['Restart OpenCode']);
    wrapper.unmount();
  });

  it('offers no button to anyone else, and tells them an admin can restart it', () => {
    role.value = 'OPERATOR';
    supervisor.value = inState('CRASH_LOOP');
    const wrapper = banner();
    expect(buttonLabels(wrapper)).toEqual([]);
    expect(wrapper.text()).toContain('An admin can restart it.');
  });

  it('tells of a restart on its way while the supervisor backs off', () => {
    role.value = 'VIEWER';
    supervisor.value = inState('BACKING_OFF');
    const text = banner().text();
    expect(text).toContain('OpenCode exited; the gateway restarts it shortly.');
    expect(text).toContain('Last exit: exited (SIGKILL)');
    expect(text).not.toContain('An admin');
  });

  it('stays quiet while the gateway itself is unreachable: what it last said may be stale', () => {
    supervisor.value = inState('CRASH_LOOP');
    offline.value = true;
    expect(banner().text()).toBe('');
    offline.value = false;
  });

  it('restarts OpenCode only once the admin confirms', async () => {
    role.value = 'ADMIN';
    supervisor.value = inState('CRASH_LOOP');
    run.mockClear();
    const wrapper = banner();
    await wrapper.get('button').trigger('click');
    const dialog = wrapper.get('[role="alertdialog"]');
    expect(dialog.text()).toContain('counts crashes from zero');
    expect(run).not.toHaveBeenCalled();
    const confirm = dialog.findAll('button').find((button) => button.text() === 'Restart OpenCode');
    await confirm!.trigger('click');
    await flushPromises();
    expect(run).toHaveBeenCalledTimes(1);
    wrapper.unmount();
  });
});
