import { mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { computed, ref } from 'vue';
import type { Role } from '../../gql/graphql';
import { can, type Capability } from '../../roles';
import PermissionRequest from './PermissionRequest.vue';

const role = ref<Role | undefined>();
vi.mock('../../composables/me', () => ({
  useMe: () => ({
    me: computed(() => (role.value ? { id: 'op_1', name: 'vera', role: role.value } : undefined)),
    can: (capability: Capability) => can(role.value, capability),
  }),
}));
vi.mock('@urql/vue', () => ({ useMutation: () => ({ executeMutation: vi.fn() }) }));

const request = { id: 'per_1', permission: 'bash', patterns: ['echo hi'] };
const buttons = (wrapper: ReturnType<typeof mount>) => wrapper.findAll('button').map((button) => button.text());

beforeEach(() => {
  role.value = undefined;
});

describe('PermissionRequest', () => {
  it('offers Allow, Always and Reject to an operator', () => {
    role.value = 'OPERATOR';
    const wrapper = mount(PermissionRequest, { props: { threadId: 'ses_a', request } });
    expect(buttons(wrapper)).toEqual(['Allow once', 'Always', 'Reject']);
  });

  it('shows a viewer what is asked, with nothing to press', () => {
    role.value = 'VIEWER';
    const wrapper = mount(PermissionRequest, { props: { threadId: 'ses_a', request } });
    expect(wrapper.text()).toContain('The agent asks for permission: bash');
    expect(wrapper.text()).toContain('Waiting for an operator to answer it.');
    expect(buttons(wrapper)).toEqual([]);
  });

  it('offers nothing while the role is not known yet', () => {
    const wrapper = mount(PermissionRequest, { props: { threadId: 'ses_a', request } });
    expect(buttons(wrapper)).toEqual([]);
    expect(wrapper.text()).not.toContain('Waiting for an operator');
  });
});
