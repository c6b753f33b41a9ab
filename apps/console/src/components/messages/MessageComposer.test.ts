import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { AttachmentRules } from '../../attachments';
import MessageComposer from './MessageComposer.vue';

const RULES: AttachmentRules = {
  maxFileBytes: 100,
  maxFiles: 2,
  types: ['image/png', 'text/*'],
  model: 'scripted/scripted-vision',
  inputs: ['text', 'image'],
};
const png = () => new File(['png'], 'shot.png', { type: 'image/png' });
const notes = () => new File(['notes'], 'notes.txt', { type: 'text/plain' });

function mountComposer(attachments: AttachmentRules | null = RULES) {
  return mount(MessageComposer, { props: { blockedReason: null, attachments }, attachTo: document.body });
}

async function pick(wrapper: ReturnType<typeof mountComposer>, files: File[]) {
  const input = wrapper.find('input[type="file"]');
  Object.defineProperty(input.element, 'files', { value: files, configurable: true });
  await input.trigger('change');
}

const chips = (wrapper: ReturnType<typeof mountComposer>) => wrapper.findAll('.chip .name').map((name) => name.text());
const sendButton = (wrapper: ReturnType<typeof mountComposer>) => wrapper.findAll('button').find((button) => button.text() === 'Send')!;

describe('MessageComposer attachments', () => {
  it('takes picked files as chips with name and size, sends them with the text, and is empty after', async () => {
    const wrapper = mountComposer();
    await pick(wrapper, [png(), notes()]);
    expect(chips(wrapper)).toEqual(['shot.png', 'notes.txt']);
    expect(wrapper.find('.chip .size').text()).toBe('3 B');
    await wrapper.find('textarea').setValue('look');
    await wrapper.find('form').trigger('submit');
    const [[text, files]] = wrapper.emitted('send') as [[string, File[]]];
    expect(text).toBe('look');
    expect(files.map((file) => file.name)).toEqual(['shot.png', 'notes.txt']);
    expect(chips(wrapper)).toEqual([]);
  });

  it('says why it does not take a file, and takes the others', async () => {
    const wrapper = mountComposer();
    await pick(wrapper, [new File(['x'.repeat(200)], 'big.txt', { type: 'text/plain' }), png(), notes(), notes()]);
    expect(chips(wrapper)).toEqual(['shot.png', 'notes.txt']);
    expect(wrapper.find('[role="alert"]').text()).toContain('big.txt is 200 B; a file may be at most 100 B');
    expect(wrapper.find('[role="alert"]').text()).toContain('notes.txt: at most 2 files per message');
  });

  it('removes a chip by its button, named for its file', async () => {
    const wrapper = mountComposer();
    await pick(wrapper, [png(), notes()]);
    await wrapper.find('button[aria-label="Remove shot.png"]').trigger('click');
    expect(chips(wrapper)).toEqual(['notes.txt']);
  });

  it('marks a file the model picked since does not read, and will not send until it goes', async () => {
    const wrapper = mountComposer();
    await pick(wrapper, [png()]);
    await wrapper.find('textarea').setValue('look');
    await wrapper.setProps({ attachments: { ...RULES, model: 'scripted/scripted-model', inputs: ['text'] } });
    expect(wrapper.find('.chip.problem .why').text()).toBe('shot.png: scripted/scripted-model does not read images');
    expect(sendButton(wrapper).attributes('disabled')).toBeDefined();
    expect(wrapper.find('.hint').text()).toContain('attach text');
    await wrapper.find('button[aria-label="Remove shot.png"]').trigger('click');
    expect(sendButton(wrapper).attributes('disabled')).toBeUndefined();
  });

  it('attaches a pasted image, but lets pasted text be text', async () => {
    const wrapper = mountComposer();
    const paste = (data: { files: File[]; text: string }) => {
      const event = new Event('paste', { bubbles: true, cancelable: true });
      Object.defineProperty(event, 'clipboardData', { value: { files: data.files, getData: (type: string) => (type === 'text/plain' ? data.text : '') } });
      wrapper.find('textarea').element.dispatchEvent(event);
      return event;
    };
    expect(paste({ files: [png()], text: '' }).defaultPrevented).toBe(true);
    await wrapper.vm.$nextTick();
    expect(chips(wrapper)).toEqual(['shot.png']);
    expect(paste({ files: [png()], text: 'A1\tB1' }).defaultPrevented).toBe(false);
    await wrapper.vm.$nextTick();
    expect(chips(wrapper)).toEqual(['shot.png']);
  });

  it('offers no attaching where the page gives no rules', () => {
    const wrapper = mount(MessageComposer, { props: { blockedReason: null } });
    expect(wrapper.find('input[type="file"]').exists()).toBe(false);
    expect(wrapper.findAll('button').map((button) => button.text())).toEqual(['Send']);
  });
});
