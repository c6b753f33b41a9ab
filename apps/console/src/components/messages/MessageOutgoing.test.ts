import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../composables/outbox';
import MessageOutgoing from './MessageOutgoing.vue';

const outgoing = (fields: Partial<OutgoingMessage>): OutgoingMessage => ({
  key: 'key-1',
  threadId: 'ses_a',
  text: 'hello',
  status: 'sending',
  before: new Set(),
  model: null,
  agent: null,
  files: [],
  ...fields,
});

const buttons = (wrapper: ReturnType<typeof mount>) => wrapper.findAll('button').map((button) => button.text());

describe('MessageOutgoing', () => {
  it('never calls an unconfirmed send "not sent", and offers no Retry while it retries by itself', () => {
    const wrapper = mount(MessageOutgoing, {
      props: { message: outgoing({ status: 'unconfirmed', retrying: true, error: 'OpenCode may or may not have it.' }) },
    });
    expect(wrapper.text()).toContain('Not confirmed: OpenCode may or may not have it.');
    expect(wrapper.text()).toContain('Retrying…');
    expect(wrapper.text()).not.toMatch(/not sent/i);
    expect(buttons(wrapper)).toEqual([]);
  });

  it('offers Retry for an unconfirmed send once it stopped trying', async () => {
    const wrapper = mount(MessageOutgoing, { props: { message: outgoing({ status: 'unconfirmed', retrying: false, error: 'x' }) } });
    expect(buttons(wrapper)).toEqual(['Retry', 'Discard']);
    await wrapper.find('button').trigger('click');
    expect(wrapper.emitted('retry')).toHaveLength(1);
  });

  it('says a failed send was not sent', () => {
    const wrapper = mount(MessageOutgoing, { props: { message: outgoing({ status: 'failed', error: 'Thread not found.' }) } });
    expect(wrapper.text()).toContain('Not sent: Thread not found.');
    expect(buttons(wrapper)).toEqual(['Retry', 'Discard']);
  });
});
