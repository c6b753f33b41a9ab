import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import type { Role, TunnelStatusFragment } from '../../gql/graphql';
import { can, type Capability } from '../../roles';
import TunnelPanel from './TunnelPanel.vue';

const role = ref<Role>('VIEWER');
const tunnel = ref<TunnelStatusFragment | null | undefined>();
const fetching = ref(false);
const startRun = vi.fn(() => Promise.resolve({}));
const startState = ref('idle');
const startError = ref();

vi.mock('../../composables/me', () => ({
  useMe: () => ({ can: (capability: Capability) => can(role.value, capability) }),
}));
vi.mock('../../composables/tunnel', () => ({
  useTunnel: () => ({ tunnel, error: ref(), fetching }),
  useStartTunnel: () => ({ run: startRun, state: startState, error: startError }),
  useStopTunnel: () => ({ run: vi.fn(), state: ref('idle'), error: ref() }),
}));

const UP: TunnelStatusFragment = { state: 'UP', url: 'https://amber-brisk-cedar-delta.trycloudflare.com', lastError: 'exited with code 1', restarts: 2 };

afterEach(() => {
  role.value = 'VIEWER';
  vi.unstubAllGlobals();
});

const facts = (wrapper: ReturnType<typeof mount>) => wrapper.findAll('dd').map((dd) => dd.text());

describe('TunnelPanel', () => {
  it('shows the state, public address, last error and restarts, and no buttons for a viewer', () => {
    tunnel.value = UP;
    const wrapper = mount(TunnelPanel);
    expect(facts(wrapper)).toEqual(['Up', expect.stringContaining('Copy'), 'exited with code 1', '2']);
    expect(wrapper.get('input').element.value).toBe(UP.url);
    expect(wrapper.findAll('button').map((button) => button.text())).toEqual(['Copy']);
  });

  it('copies the address and says so', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    tunnel.value = UP;
    const wrapper = mount(TunnelPanel);
    await wrapper.get('button').trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith(UP.url);
    expect(wrapper.get('[role="status"]').text()).toBe('Copied');
  });

  it('falls back to copying the selected address where the clipboard API is missing', async () => {
    vi.stubGlobal('navigator', {});
    const execCommand = vi.fn(() => true);
    document.execCommand = execCommand;
    tunnel.value = UP;
    const wrapper = mount(TunnelPanel, { attachTo: document.body });
    await wrapper.get('button').trigger('click');
    await flushPromises();
    expect(execCommand).toHaveBeenCalledWith('copy');
    expect(wrapper.get('[role="status"]').text()).toBe('Copied');
    wrapper.unmount();
  });

  it('offers an admin Stop while it runs, and Start when it is down or was never started', async () => {
    role.value = 'ADMIN';
    tunnel.value = { state: 'STARTING', url: null, lastError: null, restarts: 0 };
    let wrapper = mount(TunnelPanel);
    expect(facts(wrapper)).toEqual(['Starting', 'not known yet', 'none', '0']);
    expect(wrapper.findAll('button').map((button) => button.text())).toEqual(['Stop tunnel']);

    tunnel.value = null;
    wrapper = mount(TunnelPanel);
    expect(wrapper.text()).toContain('No tunnel: the console is reachable only where the gateway listens.');
    await wrapper.get('button').trigger('click');
    expect(startRun).toHaveBeenCalledTimes(1);
  });

  it('says why a start was refused', () => {
    role.value = 'ADMIN';
    tunnel.value = { state: 'DOWN', url: null, lastError: 'A tunnel exposes the console…', restarts: 0 };
    startState.value = 'error';
    startError.value = { graphQLErrors: [{ message: 'refused', extensions: { code: 'PASSWORD_REQUIRED' } }], networkError: undefined, message: 'refused' };
    const wrapper = mount(TunnelPanel);
    expect(wrapper.get('[role="alert"]').text()).toMatch(/^Couldn't start the tunnel: A tunnel exposes the console to the internet: first choose the admin password/);
    startState.value = 'idle';
    startError.value = undefined;
  });

  it('says it is loading before the status is known', () => {
    tunnel.value = undefined;
    fetching.value = true;
    expect(mount(TunnelPanel).text()).toContain('Loading…');
    fetching.value = false;
  });
});
