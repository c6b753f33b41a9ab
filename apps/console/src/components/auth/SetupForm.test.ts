import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import SetupForm from './SetupForm.vue';

function gatewayAnswers(status: number, code?: string) {
  const body = code ? JSON.stringify({ errors: [{ message: code, extensions: { code } }] }) : null;
  const fetchMock = vi.fn(async () => new Response(body, { status }));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

async function choose(wrapper: ReturnType<typeof mount>, password: string, confirmation = password) {
  const [first, second] = wrapper.findAll('input[type="password"]');
  await first!.setValue(password);
  await second!.setValue(confirmation);
  await wrapper.find('form').trigger('submit');
  await flushPromises();
}

describe('SetupForm', () => {
  it("asks for admin's password twice, at least 12 characters, before it asks the gateway", async () => {
    const fetchMock = gatewayAnswers(204);
    const wrapper = mount(SetupForm, { props: { secret: 'first-start-secret' } });
    expect(wrapper.find('h1').text()).toBe('Choose the password for admin');

    await choose(wrapper, 'too short');
    expect(wrapper.text()).toContain('Use at least 12 characters (this one has 9).');
    await choose(wrapper, 'long enough password', 'long enough passwort');
    expect(wrapper.text()).toContain('The two passwords are not the same.');
    expect(fetchMock).not.toHaveBeenCalled();

    await choose(wrapper, 'long enough password');
    const [, init] = (fetchMock.mock.calls as unknown as [string, RequestInit][])[0]!;
    expect(JSON.parse(String(init.body))).toEqual({ setup: 'first-start-secret', password: 'long enough password' });
    expect(wrapper.emitted('signedIn')).toHaveLength(1);
  });

  it('says when the link has been used already, and offers the ordinary sign-in', async () => {
    gatewayAnswers(401, 'UNAUTHENTICATED');
    const wrapper = mount(SetupForm, { props: { secret: 'spent' } });
    await choose(wrapper, 'long enough password');
    expect(wrapper.find('[role="alert"]').text()).toMatch(/first-start link has been used already/);
    await wrapper.find('button[type="button"]').trigger('click');
    expect(wrapper.emitted('abandon')).toHaveLength(1);
  });
});
