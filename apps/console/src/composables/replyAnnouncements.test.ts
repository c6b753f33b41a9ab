import { describe, expect, it } from 'vitest';
import { effectScope, nextTick, shallowRef } from 'vue';
import type { Message } from '../messageHistory';
import { useReplyAnnouncements } from './replyAnnouncements';

const message = (id: string, role: Message['role'], status: Message['status'], text = id): Message => ({
  id,
  role,
  status,
  text,
  createdAt: '2026-11-23T09:00:00.000Z',
  agent: null,
  model: null,
  cost: null,
  tokens: null,
  error: status === 'FAILED' ? { name: 'APIError', message: 'model refused' } : null,
  parts: [],
});

function setup() {
  const messages = shallowRef<Message[]>([]);
  const announcement = effectScope().run(() => useReplyAnnouncements(messages, () => true));
  return { messages, announcement: announcement! };
}

describe('useReplyAnnouncements', () => {
  it('announces a reply once it is finished, and nothing that was there at first', async () => {
    const { messages, announcement } = setup();
    messages.value = [message('msg_1', 'USER', 'COMPLETE'), message('msg_2', 'ASSISTANT', 'COMPLETE', 'old reply')];
    await nextTick();
    expect(announcement.value).toBe('');

    messages.value = [...messages.value, message('msg_3', 'USER', 'COMPLETE'), message('msg_4', 'ASSISTANT', 'PENDING')];
    await nextTick();
    expect(announcement.value).toBe('');

    messages.value = [...messages.value.slice(0, 3), message('msg_4', 'ASSISTANT', 'COMPLETE', 'echo: hi')];
    await nextTick();
    expect(announcement.value).toBe('Assistant replied: echo: hi');
  });

  it('announces a failed reply with its reason', async () => {
    const { messages, announcement } = setup();
    messages.value = [message('msg_1', 'USER', 'COMPLETE')];
    await nextTick();
    messages.value = [...messages.value, message('msg_2', 'ASSISTANT', 'FAILED')];
    await nextTick();
    expect(announcement.value).toBe("The assistant's reply failed: model refused");
  });

  it('stays quiet about older pages loaded in front', async () => {
    const { messages, announcement } = setup();
    messages.value = [message('msg_5', 'USER', 'COMPLETE')];
    await nextTick();
    messages.value = [message('msg_3', 'ASSISTANT', 'COMPLETE'), message('msg_4', 'USER', 'COMPLETE'), ...messages.value];
    await nextTick();
    expect(announcement.value).toBe('');
  });
});
