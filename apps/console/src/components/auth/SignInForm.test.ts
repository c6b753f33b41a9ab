import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import SignInForm from './SignInForm.vue';

function gatewayAnswers(status: number, code?: string) {
  const body = code ? JSON.stringify({ errors: [{ message: code, extensions: { code } }] }) : null;
  const fetchMock = vi.fn(async () => new Response(body, { status }));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}
const sent = (fetchMock: ReturnType<typeof gatewayAnswers>) =>
  (fetchMock.mock.calls as unknown as [string, RequestInit][]).map(([, init]) => JSON.parse(String(init.body)) as unknown);

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('SignInForm', () => {
  it('signs in with a name and password by default', async () => {
    const fetchMock = gatewayAnswers(204);
    const wrapper = mount(SignInForm);
    await wrapper.find('input[autocomplete="username"]').setValue('alice');
    await wrapper.find('input[type="password"]').setValue('a long enough password');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(sent(fetchMock)).toEqual([{ name: 'alice', password: 'a long enough password' }]);
    expect(wrapper.emitted('signedIn')).toHaveLength(1);
  });

  it('says a wrong password is wrong, in an alert', async () => {
    gatewayAnswers(401, 'UNAUTHENTICATED');
    const wrapper = mount(SignInForm);
    await wrapper.find('input[autocomplete="username"]').setValue('alice');
    await wrapper.find('input[type="password"]').setValue('not the password');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[role="alert"]').text()).toBe('Wrong name or password.');
    expect(wrapper.emitted('signedIn')).toBeUndefined();
  });

  it('switches to a token field and back', async () => {
    const fetchMock = gatewayAnswers(204);
    const wrapper = mount(SignInForm);
    const toggle = wrapper.find('button[type="button"]');
    expect(toggle.text()).toBe('Use a token instead');
    await toggle.trigger('click');
    expect(wrapper.find('input[type="password"]').exists()).toBe(false);
    await wrapper.find('input.secret').setValue('  otto_abc  ');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(sent(fetchMock)).toEqual([{ token: 'otto_abc' }]);
    expect(toggle.text()).toBe('Use a name and password instead');
  });

  it("exchanges a login link's token at once", async () => {
    const fetchMock = gatewayAnswers(204);
    const wrapper = mount(SignInForm, { props: { linkToken: 'legacy-operator-token' } });
    await flushPromises();
    expect(sent(fetchMock)).toEqual([{ token: 'legacy-operator-token' }]);
    expect(wrapper.emitted('signedIn')).toHaveLength(1);
  });
});
