import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { computed, defineComponent, h, ref } from 'vue';
import type { Role, ThreadDetailFragment } from '../../gql/graphql';
import { can, type Capability } from '../../roles';
import MessageRevertMark from './MessageRevertMark.vue';
import ThreadWorkbench from './ThreadWorkbench.vue';

const role = ref<Role | undefined>();
vi.mock('../../composables/me', () => ({
  useMe: () => ({
    me: computed(() => (role.value ? { id: 'op_1', name: 'vera', role: role.value } : undefined)),
    can: (capability: Capability) => can(role.value, capability),
  }),
}));
const mutations = vi.fn();
vi.mock('@urql/vue', () => ({
  useMutation: () => ({ executeMutation: (variables: unknown) => (mutations(variables), Promise.resolve({ data: {} })) }),
  useQuery: () => ({
    data: ref(),
    error: ref(),
    fetching: ref(false),
    isPaused: ref(true),
    operation: ref(),
    executeQuery: vi.fn(),
  }),
}));

const thread = (extra: Partial<ThreadDetailFragment> = {}): ThreadDetailFragment => ({
  id: 'ses_a',
  title: 'A',
  state: 'LIVE',
  activity: 'IDLE',
  updatedAt: null,
  server: 'default',
  pinned: false,
  binding: null,
  usage: null,
  todos: [
    { content: 'Write the tests', status: 'completed', priority: 'high' },
    { content: 'Ship it', status: 'in_progress', priority: null },
  ],
  revert: null,
  ...extra,
});

// Two of the thread's messages, as the message list would render them inside the workbench.
const Messages = defineComponent(() => () => [
  h(MessageRevertMark, { message: { id: 'msg_1', role: 'USER' } }),
  h(MessageRevertMark, { message: { id: 'msg_2', role: 'ASSISTANT' } }),
]);

function mountWith(detail: ThreadDetailFragment) {
  return mount(ThreadWorkbench, { props: { thread: detail }, slots: { default: () => h(Messages) }, attachTo: document.body });
}

beforeEach(() => {
  role.value = 'OPERATOR';
  mutations.mockClear();
  localStorage.clear();
});

describe('ThreadWorkbench', () => {
  it('opens the todo list beside the thread with each status said in words, and closes it with Escape', async () => {
    const wrapper = mountWith(thread());
    const toggle = wrapper.get('button[aria-expanded]');
    expect(toggle.text()).toBe('Todo 1/2');
    await toggle.trigger('click');
    expect(toggle.attributes('aria-expanded')).toBe('true');
    const items = wrapper.findAll('li .content').map((item) => item.text());
    expect(items).toEqual(['Done: Write the tests', 'In progress: Ship it']);
    expect(wrapper.get('li .badge').text()).toBe('high');
    expect(document.activeElement?.textContent?.trim()).toBe("The agent's todo list");
    await wrapper.get('aside').trigger('keydown', { key: 'Escape' });
    expect(wrapper.find('aside').exists()).toBe(false);
    expect(document.activeElement).toBe(toggle.element);
    wrapper.unmount();
  });

  it("offers an operator Revert on the operator's messages and asks before reverting", async () => {
    const wrapper = mountWith(thread());
    const revert = wrapper.findAll('button').find((button) => button.text() === 'Revert');
    expect(revert).toBeDefined();
    expect(wrapper.findAll('button').filter((button) => button.text() === 'Revert')).toHaveLength(1);
    await revert!.trigger('click');
    expect(mutations).not.toHaveBeenCalled();
    const confirm = wrapper.findAll('dialog button').find((button) => button.text() === 'Revert');
    await confirm!.trigger('click');
    await flushPromises();
    expect(mutations).toHaveBeenCalledWith({ input: { threadId: 'ses_a', messageId: 'msg_1' } });
    wrapper.unmount();
  });

  it('marks the messages a revert undid and offers Undo revert', async () => {
    const wrapper = mountWith(thread({ revert: { messageId: 'msg_1' } }));
    expect(wrapper.findAll('.badge').map((badge) => badge.text())).toEqual(['Reverted', 'Reverted']);
    expect(wrapper.get('[role=status]').text()).toContain('Reverted:');
    await wrapper.findAll('button').find((button) => button.text() === 'Undo revert')!.trigger('click');
    expect(mutations).toHaveBeenCalledWith({ threadId: 'ses_a' });
    wrapper.unmount();
  });

  it('lets a viewer read but offers neither Revert nor Undo revert, nor while the agent works', () => {
    role.value = 'VIEWER';
    const viewer = mountWith(thread({ revert: { messageId: 'msg_2' } }));
    expect(viewer.findAll('button').map((button) => button.text())).not.toContain('Undo revert');
    expect(viewer.findAll('button').map((button) => button.text())).not.toContain('Revert');
    viewer.unmount();
    role.value = 'OPERATOR';
    const busy = mountWith(thread({ activity: 'BUSY' }));
    expect(busy.findAll('button').map((button) => button.text())).not.toContain('Revert');
    busy.unmount();
  });
});
