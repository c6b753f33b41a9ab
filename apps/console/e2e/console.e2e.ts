import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, screenshot, startStack, type Stack } from './harness.js';

// One real stack for the whole file; the tests run in order and build on each other, the way an
// operator's session would: sign in, create, talk, approve, survive outages, navigate by keyboard.
let stack: Stack;
const dialogs: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  stack.page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
});

afterAll(async () => {
  await stack?.close();
});

const page = () => stack.page;
const messages = () => page().getByRole('log', { name: 'Messages' });

async function send(text: string) {
  const box = page().getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

describe('Otto Console in chromium', () => {
  it('asks for the token, signs in with an HttpOnly cookie and keeps no token in storage', async () => {
    await page().goto(stack.gateway.url);
    await page().getByRole('textbox', { name: 'Operator token' }).waitFor();
    await expectAccessible(page());
    await screenshot(page(), '01-sign-in');

    await page().getByRole('textbox', { name: 'Operator token' }).fill('wrong-token-for-sure');
    await page().getByRole('button', { name: 'Sign in' }).click();
    await page().getByRole('alert').filter({ hasText: /not accepted|wrong|invalid/i }).waitFor();

    await page().getByRole('textbox', { name: 'Operator token' }).fill(stack.gateway.token);
    await page().getByRole('button', { name: 'Sign in' }).click();
    await page().getByRole('button', { name: 'New thread' }).first().waitFor();

    const cookies = await stack.context.cookies();
    expect(cookies.find((c) => c.name === 'otto_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const stored = await page().evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(stack.gateway.token);
    await expectAccessible(page());
    await screenshot(page(), '02-empty');
  });

  it('creates a thread and shows it in the list', async () => {
    await page().getByRole('button', { name: 'New thread' }).first().click();
    const dialog = page().getByRole('dialog', { name: /new thread/i });
    await dialog.getByRole('textbox', { name: /title/i }).fill('Browser thread');
    await dialog.getByRole('textbox', { name: /title/i }).press('Enter');
    await page().getByRole('list', { name: 'Threads' }).getByRole('link', { name: /Browser thread/ }).waitFor();
    await expect.poll(() => page().url()).toMatch(/\/threads\/ses_/);
  });

  it('sends a message that shows at once, and the reply arrives by polling', async () => {
    await send('hello browser');
    await messages().getByText('hello browser', { exact: true }).waitFor({ timeout: 2_000 });
    await messages().getByText('echo: hello browser').waitFor({ timeout: 20_000 });
    await expectAccessible(page());
    await screenshot(page(), '03-thread');
  });

  it('shows a tool call waiting for permission; allowing it from the UI finishes the reply', async () => {
    await send('list it [[tool:bash echo hi]]');
    await page().getByRole('button', { name: 'Allow once' }).click({ timeout: 20_000 });
    await messages().getByText('tool done: hi').waitFor({ timeout: 20_000 });
    await expect.poll(() => messages().getByText('bash').count()).toBeGreaterThan(0);
    await screenshot(page(), '04-tool-call');
  });

  it('renders a hostile reply inert', async () => {
    await send('be hostile [[xss]]');
    await messages().getByText('click').waitFor({ timeout: 20_000 });
    const log = messages();
    expect(await log.locator('script').count()).toBe(0);
    expect(await log.locator('[onerror]').count()).toBe(0);
    expect(await log.locator('a[href^="javascript:"]').count()).toBe(0);
    await page().waitForTimeout(500);
    expect(dialogs).toEqual([]);
  });

  it('navigates with the command palette by keyboard only', async () => {
    await page().keyboard.press('Control+k');
    const palette = page().getByRole('dialog', { name: 'Command palette' });
    await palette.waitFor();
    await page().keyboard.type('system');
    await page().keyboard.press('Enter');
    await page().getByRole('heading', { name: 'System' }).waitFor();
    await expectAccessible(page());
    await screenshot(page(), '05-system');

    await page().keyboard.press('Control+k');
    await page().keyboard.type('audit');
    await page().keyboard.press('Enter');
    await page().getByRole('heading', { name: 'Audit' }).waitFor();
    await page().getByRole('cell', { name: 'message.send' }).first().waitFor();
    await expectAccessible(page());
    await screenshot(page(), '06-audit');

    await page().keyboard.press('Control+k');
    await page().keyboard.type('Browser thread');
    await page().keyboard.press('Enter');
    await messages().getByText('echo: hello browser').waitFor();
  });

  it('degrades while OpenCode is down and recovers without a reload', async () => {
    await page().evaluate(() => {
      (window as unknown as { stillTheSamePage: boolean }).stillTheSamePage = true;
    });
    await stack.opencode.stop();
    const banner = page().getByRole('status').filter({ hasText: /OpenCode/i });
    await banner.waitFor({ timeout: 20_000 });
    await expect.poll(() => page().getByRole('textbox', { name: 'Message' }).isDisabled()).toBe(true);
    await page().getByRole('list', { name: 'Threads' }).getByRole('link', { name: /Browser thread/ }).waitFor();
    await screenshot(page(), '07-degraded');

    await stack.opencode.restart();
    await banner.waitFor({ state: 'detached', timeout: 30_000 });
    await expect.poll(() => page().getByRole('textbox', { name: 'Message' }).isEnabled(), { timeout: 10_000 }).toBe(true);
    expect(await page().evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
  });

  it('shows a reconnect banner while the gateway is unreachable and recovers by itself', async () => {
    await stack.gateway.stop();
    const banner = page().getByRole('alert').filter({ hasText: /gateway/i });
    await banner.waitFor({ timeout: 20_000 });
    await screenshot(page(), '08-reconnecting');
    await stack.gateway.restart();
    await banner.waitFor({ state: 'detached', timeout: 30_000 });
    await messages().getByText('echo: hello browser').waitFor();
  });

  it('keeps a thread OpenCode deleted listed as stale, and still opens it', async () => {
    const link = page().getByRole('list', { name: 'Threads' }).getByRole('link', { name: /Browser thread/ });
    const id = (await link.getAttribute('href'))!.split('/').pop()!;
    const deleted = await fetch(`${stack.opencode.url}/session/${id}`, { method: 'DELETE', headers: { authorization: stack.opencode.authHeader } });
    expect(deleted.ok).toBe(true);
    const item = page().getByRole('list', { name: 'Threads' }).getByRole('listitem').filter({ hasText: 'Browser thread' });
    await item.getByText(/stale/i).first().waitFor({ timeout: 20_000 });
    await item.getByText(/last seen/i).waitFor();
    await link.click();
    await page().getByRole('heading', { level: 1, name: 'Browser thread' }).waitFor();
    // The open thread polls every 10 s while idle.
    await expect.poll(() => page().getByRole('textbox', { name: 'Message' }).isDisabled(), { timeout: 20_000 }).toBe(true);
    await screenshot(page(), '09-stale');
    await messages().getByText('echo: hello browser').waitFor();
  });
});
