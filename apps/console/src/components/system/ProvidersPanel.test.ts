import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { computed, ref } from 'vue';
import type { ProviderFieldsFragment, Role } from '../../gql/graphql';
import { can, type Capability } from '../../roles';
import ProvidersPanel from './ProvidersPanel.vue';

const role = ref<Role>('VIEWER');
const list = ref<ProviderFieldsFragment[]>([]);
const setKey = vi.fn();
const removeKey = vi.fn();

vi.mock('../../composables/me', () => ({
  useMe: () => ({ can: (capability: Capability) => can(role.value, capability) }),
}));
vi.mock('../../composables/providers', () => ({
  useProviders: () => ({ providers: computed(() => list.value), state: ref('done'), error: ref(), refresh: vi.fn() }),
  useSetProviderCredential: () => ({ run: setKey, state: ref('idle'), error: ref() }),
  useRemoveProviderCredential: () => ({ run: removeKey, state: ref('idle'), error: ref() }),
}));

const PROVIDERS: ProviderFieldsFragment[] = [
  {
    id: 'anthropic',
    name: 'Anthropic',
    connected: true,
    models: [
      { id: 'claude-sonnet-4-5', name: 'Claude Sonnet 4.5' },
      { id: 'claude-haiku-4-5', name: 'Claude Haiku 4.5' },
    ],
  },
  { id: 'openai', name: 'OpenAI', connected: false, models: [{ id: 'gpt-5', name: 'GPT-5' }] },
];

afterEach(() => {
  role.value = 'VIEWER';
  setKey.mockReset();
  removeKey.mockReset();
});

describe('ProvidersPanel', () => {
  it('lists each provider, connected or not, with its models collapsed, and offers a viewer no action', () => {
    list.value = PROVIDERS;
    const wrapper = mount(ProvidersPanel);
    const cards = wrapper.findAll('.cards > li');
    expect(cards.map((card) => card.findAll('.card-head > *').map((part) => part.text()))).toEqual([
      ['Anthropic', 'anthropic', 'Connected'],
      ['OpenAI', 'openai', 'Not connected'],
    ]);
    expect(cards[0]!.get('summary').text()).toBe('2 models');
    expect(cards[0]!.get('details').attributes('open')).toBeUndefined();
    expect(cards[0]!.findAll('.models li').map((model) => model.text())).toEqual(['Claude Sonnet 4.5 claude-sonnet-4-5', 'Claude Haiku 4.5 claude-haiku-4-5']);
    expect(cards[1]!.get('summary').text()).toBe('1 model');
    expect(wrapper.find('input').exists()).toBe(false);
    expect(wrapper.find('button').exists()).toBe(false);
  });

  it('gives an admin a write-only key field per provider, cleared once sent, and says saving reloads OpenCode', async () => {
    role.value = 'ADMIN';
    list.value = PROVIDERS;
    setKey.mockResolvedValue({ setProviderCredential: PROVIDERS[1] });
    const wrapper = mount(ProvidersPanel);
    expect(wrapper.text()).toContain('replies being written at that moment are cut off');
    const input = wrapper.findAll('input')[1]!;
    expect(input.attributes()).toMatchObject({ type: 'password', autocomplete: 'off' });
    expect(wrapper.findAll('label').map((label) => label.text())).toEqual(['API key for Anthropic', 'API key for OpenAI']);

    await input.setValue('  sk-openai-key\n');
    await wrapper.findAll('form')[1]!.trigger('submit');
    await flushPromises();
    expect(setKey).toHaveBeenCalledWith({ input: { providerId: 'openai', apiKey: 'sk-openai-key' } });
    expect((input.element as HTMLInputElement).value).toBe('');
    expect(wrapper.text()).toContain('Saved; OpenCode reloaded with it.');
  });

  it('refuses an empty key or one with spaces before sending anything', async () => {
    role.value = 'ADMIN';
    list.value = PROVIDERS;
    const wrapper = mount(ProvidersPanel);
    const form = wrapper.findAll('form')[0]!;
    await form.trigger('submit');
    expect(form.text()).toContain('Paste the key first.');
    await form.get('input').setValue('sk-one sk-two');
    await form.trigger('submit');
    expect(form.text()).toContain('A key has no spaces or line breaks.');
    expect(form.get('input').attributes('aria-invalid')).toBe('true');
    expect(setKey).not.toHaveBeenCalled();
  });

  it('removes a connected provider\'s key after confirming; a provider without one offers no Remove', async () => {
    role.value = 'ADMIN';
    list.value = PROVIDERS;
    removeKey.mockResolvedValue({ removeProviderCredential: { ...PROVIDERS[0]!, connected: false } });
    const wrapper = mount(ProvidersPanel, { attachTo: document.body });
    const removeButtons = wrapper.findAll('button').filter((button) => button.text() === 'Remove key');
    expect(removeButtons).toHaveLength(1);
    await removeButtons[0]!.trigger('click');
    const dialog = document.body.querySelector('[role="alertdialog"]');
    expect(dialog?.textContent).toContain('Remove the key for Anthropic?');
    const confirm = [...dialog!.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Remove key');
    confirm!.click();
    await flushPromises();
    expect(removeKey).toHaveBeenCalledWith({ providerId: 'anthropic' });
    wrapper.unmount();
  });
});
