import { mount, RouterLinkStub } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { computed, ref } from 'vue';
import type { Role } from '../../gql/graphql';
import { can, type Capability } from '../../roles';
import RoleGate from './RoleGate.vue';

const role = ref<Role | undefined>();
const state = ref<'loading' | 'done' | 'error'>('loading');
vi.mock('../../composables/me', () => ({
  useMe: () => ({
    me: computed(() => (role.value ? { id: 'op_1', name: 'olga', role: role.value } : undefined)),
    can: (capability: Capability) => can(role.value, capability),
    state,
    error: ref(),
    refresh: vi.fn(),
  }),
}));

function gate() {
  return mount(RoleGate, {
    props: { needs: 'manageOperators', what: 'Operators' },
    slots: { default: '<p>the operators page</p>' },
    global: { stubs: { RouterLink: RouterLinkStub } },
  });
}

describe('RoleGate', () => {
  it('opens the page to a role that allows it', () => {
    role.value = 'ADMIN';
    state.value = 'done';
    expect(gate().text()).toBe('the operators page');
  });

  it('tells any other role, by name, that it is not allowed', () => {
    role.value = 'OPERATOR';
    state.value = 'done';
    const text = gate().text();
    expect(text).toContain('Not allowed');
    expect(text).toContain('Operators is only for the Admin role. You are signed in as olga (role: Operator).');
    expect(text).not.toContain('the operators page');
  });

  it('shows nothing of the page while the role is being asked', () => {
    role.value = undefined;
    state.value = 'loading';
    const text = gate().text();
    expect(text).toContain('Checking your role');
    expect(text).not.toContain('the operators page');
  });
});
