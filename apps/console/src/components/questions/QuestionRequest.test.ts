import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { computed, ref } from 'vue';
import type { Role } from '../../gql/graphql';
import type { QuestionRequest as Request } from '../../questionAnswers';
import { can, type Capability } from '../../roles';
import QuestionRequest from './QuestionRequest.vue';

const role = ref<Role | undefined>();
vi.mock('../../composables/me', () => ({
  useMe: () => ({
    me: computed(() => (role.value ? { id: 'op_1', name: 'vera', role: role.value } : undefined)),
    can: (capability: Capability) => can(role.value, capability),
  }),
}));
const executeMutation = vi.fn();
vi.mock('@urql/vue', () => ({ useMutation: () => ({ executeMutation }) }));

const options = (...labels: string[]) => labels.map((label) => ({ label, description: null }));
const colour = { header: 'Colour', question: 'Which colour?', multiple: false, custom: true, options: options('Red', 'Blue') };
const request = (questions = [colour]): Request => ({ id: 'que_1', threadId: 'ses_a', messageId: null, toolCallId: null, questions });
const buttons = (wrapper: ReturnType<typeof mount>) => wrapper.findAll('button').map((button) => button.text());
const sent = () => executeMutation.mock.calls.map(([variables]) => variables);

beforeEach(() => {
  role.value = undefined;
  executeMutation.mockReset();
  executeMutation.mockResolvedValue({ data: { replyQuestion: { id: 'ses_a' }, rejectQuestion: { id: 'ses_a' } } });
});

describe('QuestionRequest', () => {
  it('answers a single choice with one click', async () => {
    role.value = 'OPERATOR';
    const wrapper = mount(QuestionRequest, { props: { threadId: 'ses_a', request: request() } });
    expect(wrapper.text()).toContain('The agent asks a question');
    expect(wrapper.get('legend').text()).toBe('Colour Which colour?');
    expect(buttons(wrapper)).toEqual(['Red', 'Blue', 'Send answer', 'Dismiss']);
    await wrapper.findAll('button').find((button) => button.text() === 'Blue')!.trigger('click');
    await flushPromises();
    expect(sent()).toEqual([{ input: { threadId: 'ses_a', questionId: 'que_1', answers: [['Blue']] } }]);
    expect(wrapper.text()).toContain('Answered; waiting for the agent…');
    expect(wrapper.get('fieldset').attributes('disabled')).toBeDefined();
  });

  it('sends the operator’s own words', async () => {
    role.value = 'OPERATOR';
    const wrapper = mount(QuestionRequest, { props: { threadId: 'ses_a', request: request() } });
    await wrapper.get('input[type="text"]').setValue('Teal');
    await wrapper.get('form').trigger('submit');
    expect(sent()[0].input.answers).toEqual([['Teal']]);
  });

  it('takes several choices with checkboxes and Submit, and says what is missing', async () => {
    role.value = 'OPERATOR';
    const many = { ...colour, multiple: true, custom: false };
    const wrapper = mount(QuestionRequest, { props: { threadId: 'ses_a', request: request([many, { ...colour, question: 'Why?' }]) } });
    expect(wrapper.text()).toContain('The agent asks 2 questions');
    expect(buttons(wrapper)).toEqual(['Submit', 'Dismiss']);
    await wrapper.get('form').trigger('submit');
    expect(sent()).toEqual([]);
    expect(wrapper.text()).toContain('Choose at least one answer.');
    const boxes = wrapper.findAll('input[type="checkbox"]');
    await boxes[1]!.setValue(true);
    await boxes[0]!.setValue(true);
    await wrapper.findAll('input[type="radio"]')[0]!.setValue(true);
    await wrapper.get('form').trigger('submit');
    expect(sent()[0].input.answers).toEqual([['Red', 'Blue'], ['Red']]);
  });

  it('dismisses it', async () => {
    role.value = 'OPERATOR';
    const wrapper = mount(QuestionRequest, { props: { threadId: 'ses_a', request: request() } });
    await wrapper.findAll('button').find((button) => button.text() === 'Dismiss')!.trigger('click');
    expect(sent()).toEqual([{ input: { threadId: 'ses_a', questionId: 'que_1' } }]);
  });

  it('shows why an answer was refused', async () => {
    role.value = 'OPERATOR';
    executeMutation.mockResolvedValue({ error: { graphQLErrors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] } });
    const wrapper = mount(QuestionRequest, { props: { threadId: 'ses_a', request: request() } });
    await wrapper.findAll('button')[0]!.trigger('click');
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toBe("Couldn't answer: Your role does not allow this. An admin can give you a role that does.");
  });

  it('shows a viewer what is asked, with nothing to press', () => {
    role.value = 'VIEWER';
    const wrapper = mount(QuestionRequest, { props: { threadId: 'ses_a', request: request() } });
    expect(wrapper.text()).toContain('Which colour?');
    expect(wrapper.text()).toContain('Red');
    expect(wrapper.text()).toContain('Waiting for an operator to answer it.');
    expect(buttons(wrapper)).toEqual([]);
    expect(wrapper.findAll('input')).toEqual([]);
  });
});
