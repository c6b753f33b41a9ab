import { readFileSync } from 'node:fs';
import { openStore } from '@otto/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, expectAccessible, gql, screenshot, startStack, type Stack } from './harness.js';

// One real stack for the whole file; the tests run in order and build on each other, the way an
// operator's session would: sign in, create, talk, approve, survive outages, navigate by keyboard;
// then a viewer who may only read, and an admin who manages operators and tokens.
let stack: Stack;
const dialogs: string[] = [];
/** Every password and token this suite types or is shown; the last test looks for each in the logs and the audit log. */
const secrets: string[] = [];

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
/** The status bar's word on updates: "Live", or "Polling" and why. */
const liveStatus = (word: 'Live' | 'Polling') => page().getByRole('status').filter({ hasText: new RegExp(`^\\s*${word}\\b`) });

/** The sign-in form, filled and sent; resolves once the console has left /login. */
async function signIn(name: string, password: string) {
  secrets.push(password);
  await page().getByRole('textbox', { name: 'Name' }).fill(name);
  await page().getByLabel('Password', { exact: true }).fill(password);
  await page().getByRole('button', { name: 'Sign in', exact: true }).click();
  await page().waitForURL((url) => !url.pathname.startsWith('/login'));
}

async function signOut() {
  await page().getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await page().getByRole('textbox', { name: 'Name' }).waitFor();
}

async function send(text: string) {
  const box = page().getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

describe('Otto Console in chromium', () => {
  it('asks for a name and password, signs in with an HttpOnly cookie and keeps no secret in storage', async () => {
    await page().goto(stack.gateway.url);
    await page().getByRole('textbox', { name: 'Name' }).waitFor();
    await expectAccessible(page());
    await screenshot(page(), '01-sign-in');

    await page().getByRole('button', { name: 'Use a token instead' }).click();
    await page().getByRole('textbox', { name: 'Token' }).waitFor();
    await expectAccessible(page());
    await page().getByRole('button', { name: 'Use a name and password instead' }).click();

    await page().getByRole('textbox', { name: 'Name' }).fill(ADMIN.name);
    await page().getByLabel('Password', { exact: true }).fill('not-the-admin-password');
    await page().getByRole('button', { name: 'Sign in', exact: true }).click();
    await page().getByRole('alert').filter({ hasText: 'Wrong name or password.' }).waitFor();

    await signIn(ADMIN.name, ADMIN.password);
    await page().getByRole('button', { name: 'New thread' }).first().waitFor();
    await page().getByRole('link', { name: /^Account: admin\s+Admin$/ }).waitFor();

    const cookies = await stack.context.cookies();
    expect(cookies.find((c) => c.name === 'otto_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const stored = await page().evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(ADMIN.password);
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

  it('sends a message that shows at once, and the reply arrives', async () => {
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

  it('notifies, once turned on by a click, of a permission asked and a reply finished while the tab is hidden', async () => {
    await stack.context.grantPermissions(['notifications']);
    // Headless chromium shows nothing on screen: record what the console hands the browser instead.
    await page().evaluate(() => {
      const real = window.Notification;
      const notices: Array<{ title: string; body?: string }> = [];
      Object.assign(window, { notices });
      class Recorder {
        static get permission() {
          return real.permission;
        }
        static requestPermission() {
          return real.requestPermission();
        }
        onclick: (() => void) | null = null;
        constructor(title: string, options?: NotificationOptions) {
          notices.push({ title, body: options?.body });
        }
        close() {}
      }
      Object.defineProperty(window, 'Notification', { value: Recorder, configurable: true });
    });
    const toggle = page().getByRole('banner').getByRole('button', { name: 'Notify me' });
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');

    // As a browser does when the tab goes to the background: the state changes, then the event says so.
    await page().evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { get: () => 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const threadId = new URL(page().url()).pathname.split('/').pop()!;
    await send('while away [[tool:bash echo away]]');
    const notices = () => page().evaluate(() => (window as unknown as { notices: Array<{ title: string; body?: string }> }).notices.map((notice) => notice.body));
    await expect.poll(notices, { timeout: 20_000 }).toContain('The agent asks permission to use bash.');
    const { thread } = await gql<{ thread: { permissions: Array<{ id: string }> } }>(stack, 'query($id: ID!) { thread(id: $id) { permissions { id } } }', { id: threadId });
    await gql(stack, 'mutation($i: ReplyPermissionInput!) { replyPermission(input: $i) { id } }', { i: { threadId, permissionId: thread.permissions[0]!.id, reply: 'ONCE' } });
    await expect.poll(notices, { timeout: 20_000 }).toContain('The agent finished its reply.');
    await page().evaluate(() => {
      delete (document as { visibilityState?: unknown }).visibilityState;
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await messages().getByText('tool done: away').waitFor({ timeout: 20_000 });
  });

  it('follows the open thread live: a slow reply grows on screen, and the thread is not polled meanwhile', async () => {
    await liveStatus('Live').waitFor({ timeout: 20_000 });
    const threadQueries: string[] = [];
    // The polled thread query goes as a GET, its operation name in the URL; a catch-up read as a POST.
    const onRequest = (request: { url(): string; postData(): string | null }) => {
      const url = new URL(request.url());
      if (url.pathname !== '/graphql') return;
      if (url.searchParams.get('operationName') === 'Thread' || request.postData()?.includes('"operationName":"Thread"')) threadQueries.push(request.url());
    };
    page().on('request', onRequest);
    // Reads the newest reply's text once a frame, from before it starts until it shows complete.
    const sampling = page().evaluate(async () => {
      const log = document.querySelector('[role="log"]')!;
      const replies = () => [...log.querySelectorAll('article.message:not(.user)')];
      const before = replies().length;
      const seen: Array<{ text: string; complete: boolean }> = [];
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const reply = replies().length > before ? replies().at(-1) : undefined;
        if (!reply) continue;
        const text = reply.querySelector('.markdown')?.textContent?.trim() ?? '';
        const complete = !reply.querySelector('.working');
        const last = seen.at(-1);
        if (!last || last.text !== text || last.complete !== complete) seen.push({ text, complete });
        if (complete && text) break;
      }
      return seen;
    });
    await send('stream it [[stream:8x250]]');
    const seen = await sampling;
    page().off('request', onRequest);

    expect(seen.at(-1)).toEqual({ text: 'echo: stream it', complete: true });
    const growing = seen.filter((sample) => !sample.complete && sample.text).map((sample) => sample.text.length);
    // Longer at least twice before it shows complete, and never shorter.
    expect(growing.length).toBeGreaterThanOrEqual(3);
    expect([...growing].sort((a, b) => a - b)).toEqual(growing);
    expect(threadQueries).toEqual([]);
    await screenshot(page(), '04b-streamed');
  });

  it('shows a question from the agent; a click on an option answers it', async () => {
    await send('pick one [[question:Which colour?|Red|Blue]]');
    const card = messages().getByRole('group', { name: 'The agent asks a question' });
    await card.waitFor({ timeout: 20_000 });
    await card.getByRole('group', { name: 'Which colour?' }).waitFor();
    await card.getByRole('textbox', { name: 'Or your own answer' }).waitFor();
    await card.getByRole('button', { name: 'Dismiss' }).waitFor();
    await expectAccessible(page());
    await screenshot(page(), '04c-question');

    await page().setViewportSize({ width: 390, height: 844 });
    try {
      await card.getByRole('button', { name: 'Blue', exact: true }).scrollIntoViewIfNeeded();
      expect(await page().evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await expectAccessible(page());
      await screenshot(page(), '04d-question-390');
    } finally {
      await page().setViewportSize({ width: 1280, height: 800 });
    }

    // By keyboard: focus the option and press Enter.
    await card.getByRole('button', { name: 'Blue', exact: true }).focus();
    await page().keyboard.press('Enter');
    await card.waitFor({ state: 'detached', timeout: 20_000 });
    await messages().getByText('answered: Blue').waitFor({ timeout: 20_000 });
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
    // Judged once its panels are in: the page scrolls, and the latency chart is what a keyboard reaches last.
    await page().locator('figure.sparkline').waitFor({ timeout: 20_000 });
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

  it('shows a reconnect banner and polling while the gateway is unreachable, and goes live again by itself', async () => {
    await liveStatus('Live').waitFor({ timeout: 20_000 });
    await stack.gateway.stop();
    const banner = page().getByRole('alert').filter({ hasText: /gateway/i });
    await banner.waitFor({ timeout: 20_000 });
    await liveStatus('Polling').filter({ hasText: 'no connection' }).waitFor({ timeout: 20_000 });
    await screenshot(page(), '08-reconnecting');
    await stack.gateway.restart();
    await banner.waitFor({ state: 'detached', timeout: 30_000 });
    await liveStatus('Live').waitFor({ timeout: 30_000 });
    await messages().getByText('echo: hello browser').waitFor();

    // And it is live for real: a reply after the restart streams in without a reload.
    await send('after the restart');
    await messages().getByText('echo: after the restart').waitFor({ timeout: 20_000 });
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
    // The open thread hears it live (or polls every 10 s while idle).
    await expect.poll(() => page().getByRole('textbox', { name: 'Message' }).isDisabled(), { timeout: 20_000 }).toBe(true);
    await screenshot(page(), '09-stale');
    await messages().getByText('echo: hello browser').waitFor();
  });

  it('shows a viewer the threads and what the agent asks, but nothing to act with', async () => {
    // As admin, the way a script would (the legacy operator token): a viewer, and a thread whose agent waits for a yes.
    const viewer = { name: 'vera', password: 'vera-reads-only-0123' };
    await gql(stack, 'mutation($i: CreateOperatorInput!) { createOperator(input: $i) { id } }', { i: { ...viewer, role: 'VIEWER' } });
    const { createThread } = await gql<{ createThread: { id: string } }>(stack, 'mutation { createThread(input: { title: "Waiting thread" }) { id } }');
    await gql(stack, 'mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } } }', {
      i: { threadId: createThread.id, text: 'needs a yes [[tool:bash echo waiting]]' },
    });
    const permissions = async () =>
      (await gql<{ thread: { permissions: unknown[] } }>(stack, 'query($id: ID!) { thread(id: $id) { permissions { id } } }', { id: createThread.id }))
        .thread.permissions.length;
    await expect.poll(permissions, { timeout: 20_000 }).toBeGreaterThan(0);
    // And one whose agent asks a question.
    const asking = (await gql<{ createThread: { id: string } }>(stack, 'mutation { createThread(input: { title: "Asking thread" }) { id } }')).createThread;
    await gql(stack, 'mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } } }', {
      i: { threadId: asking.id, text: 'ask me [[question:Which size?|Small|Large]]' },
    });
    const questions = async () =>
      (await gql<{ thread: { questions: unknown[] } }>(stack, 'query($id: ID!) { thread(id: $id) { questions { id } } }', { id: asking.id })).thread
        .questions.length;
    await expect.poll(questions, { timeout: 20_000 }).toBeGreaterThan(0);

    await signOut();
    await signIn(viewer.name, viewer.password);
    await page().getByRole('link', { name: /^Account: vera\s+Viewer$/ }).waitFor();
    await page().goto(`${stack.gateway.url}/threads/${createThread.id}`);
    await page().getByText('The agent asks for permission').waitFor({ timeout: 20_000 });
    await page().getByText('Waiting for an operator to answer it.').waitFor();
    await page().getByText(/lets you read this thread, not write to it/).waitFor();

    expect(await page().getByRole('textbox', { name: 'Message' }).count()).toBe(0);
    for (const name of ['Allow once', 'Always', 'Reject', 'Abort', 'New thread']) {
      expect(await page().getByRole('button', { name, exact: true }).count(), name).toBe(0);
    }
    // The question too: what is asked and the options, nothing to answer with.
    await page().goto(`${stack.gateway.url}/threads/${asking.id}`);
    const card = page().getByRole('group', { name: 'The agent asks a question' });
    await card.getByText('Which size?').waitFor({ timeout: 20_000 });
    await card.getByText('Large').waitFor();
    await card.getByText('Waiting for an operator to answer it.').waitFor();
    expect(await card.getByRole('button').count()).toBe(0);
    expect(await card.getByRole('textbox').count()).toBe(0);
    await expectAccessible(page());

    const nav = page().getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Audit' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Operators' }).count()).toBe(0);
    await expectAccessible(page());
    await screenshot(page(), '10-viewer-thread');

    await page().keyboard.press('Control+k');
    const palette = page().getByRole('dialog', { name: 'Command palette' });
    await palette.getByRole('option', { name: /Go to Account/ }).waitFor();
    for (const name of ['Go to Audit', 'Go to Operators', 'New thread']) {
      expect(await palette.getByRole('option', { name }).count(), name).toBe(0);
    }
    await page().keyboard.press('Escape');

    await page().goto(`${stack.gateway.url}/operators`);
    await page().getByRole('heading', { name: 'Not allowed' }).waitFor();
    await page().getByText('Operators is only for the Admin role.').waitFor();
  });

  it('lets an admin add an operator and make a token whose secret is shown once', async () => {
    await signOut();
    await signIn(ADMIN.name, ADMIN.password);
    await page().getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Operators' }).click();
    await page().getByRole('heading', { level: 1, name: 'Operators' }).waitFor();
    const operators = page().getByRole('list', { name: 'Operators' });
    await operators.getByRole('listitem').filter({ hasText: 'vera' }).waitFor();

    const form = page().getByRole('region', { name: 'New operator' });
    await form.getByRole('textbox', { name: 'Name' }).fill('carol');
    await form.getByLabel('Password', { exact: true }).fill('carol-acts-too-0123');
    await form.getByRole('combobox', { name: 'Role' }).selectOption('OPERATOR');
    await form.getByRole('button', { name: 'Create operator' }).click();
    await form.getByRole('status').filter({ hasText: 'carol can sign in now' }).waitFor();
    const carol = operators.getByRole('listitem').filter({ hasText: 'carol' });
    await expect.poll(() => carol.getByRole('combobox', { name: 'Role of carol' }).inputValue()).toBe('OPERATOR');
    await expectAccessible(page());
    await screenshot(page(), '11-operators');

    // A role changes only on Save; disabling asks first, and can be undone.
    await carol.getByRole('combobox', { name: 'Role of carol' }).selectOption('VIEWER');
    await carol.getByRole('button', { name: 'Save role of carol' }).click();
    await carol.getByRole('button', { name: 'Save role of carol' }).waitFor({ state: 'detached' });
    const { operators: stored } = await gql<{ operators: { name: string; role: string }[] }>(stack, '{ operators { name role } }');
    expect(stored.find((operator) => operator.name === 'carol')?.role).toBe('VIEWER');
    await carol.getByRole('button', { name: 'Disable carol' }).click();
    await page().getByRole('alertdialog', { name: 'Disable carol?' }).getByRole('button', { name: 'Disable carol' }).click();
    await carol.getByText('Disabled', { exact: true }).waitFor();
    await carol.getByRole('button', { name: 'Enable carol' }).click();
    await carol.getByRole('button', { name: 'Disable carol' }).waitFor();

    await page().getByRole('link', { name: /^Account: admin\s+Admin$/ }).click();
    await page().getByRole('heading', { level: 1, name: 'Account' }).waitFor();
    await page().getByRole('list', { name: 'Your signed-in browsers' }).getByText('This browser').waitFor();
    const tokens = page().getByRole('region', { name: 'API tokens' });
    await tokens.getByText('You have no tokens yet.').waitFor();
    await tokens.getByRole('textbox', { name: 'Name' }).fill('nightly');
    await tokens.getByRole('combobox', { name: 'Role' }).selectOption('VIEWER');
    await tokens.getByRole('button', { name: 'Create token' }).click();

    const shown = tokens.getByRole('region', { name: 'Your new token “nightly”' });
    await shown.getByText('you will not see it again').waitFor();
    const secret = await shown.getByRole('textbox').inputValue();
    expect(secret).toMatch(/^otto_/);
    secrets.push(secret);
    await stack.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.gateway.url });
    await shown.getByRole('button', { name: 'Copy' }).click();
    await shown.getByRole('status').filter({ hasText: 'Copied to the clipboard.' }).waitFor();
    expect(await page().evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await tokens.getByRole('list', { name: 'Your API tokens' }).getByText('nightly').waitFor();
    await expectAccessible(page());
    await screenshot(page(), '12-account');

    // The secret works for a script, with the role it was given.
    const { me } = await gql<{ me: { name: string } }>(stack, '{ me { name } }', {}, secret);
    expect(me.name).toBe('admin');

    // Once dismissed, it is nowhere: not on the page, not after a reload.
    await shown.getByRole('button', { name: 'I have stored it' }).click();
    expect(await page().content()).not.toContain(secret);
    await page().reload();
    const nightly = page().getByRole('list', { name: 'Your API tokens' }).getByRole('listitem').filter({ hasText: 'nightly' });
    await nightly.waitFor();
    expect(await page().content()).not.toContain(secret);

    await nightly.getByRole('button', { name: 'Revoke nightly' }).click();
    const confirm = page().getByRole('alertdialog', { name: 'Revoke the token “nightly”?' });
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    // Its badge says so, it tells when, and there is nothing left to revoke.
    await nightly.getByRole('term').filter({ hasText: 'Revoked' }).waitFor();
    await expect.poll(() => nightly.getByRole('button', { name: 'Revoke nightly' }).count()).toBe(0);
    const refused = await fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { name } }' }),
    });
    expect(refused.status).toBe(401);

    // The audit log names the token's calls after its owner and the token, and filters by that name.
    await page().getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click();
    await page().getByRole('textbox', { name: 'Actor' }).fill('admin (token: nightly)');
    const actors = page().getByRole('table').getByRole('row').filter({ has: page().getByRole('cell') });
    await expect.poll(async () => new Set(await actors.locator('td:nth-child(2)').allInnerTexts())).toEqual(new Set(['admin (token: nightly)']));
    await expectAccessible(page());
    await screenshot(page(), '15-audit-by-actor');

    // The download holds the filtered rows, every one of them, and nothing else.
    const rows = await actors.count();
    const [download] = await Promise.all([page().waitForEvent('download'), page().getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^otto-audit-.*\.csv$/);
    const lines = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('at,actor,actions,operation,thread,outcome,error code,duration ms');
    expect(lines.slice(1).length).toBeGreaterThanOrEqual(rows);
    expect(lines.slice(1).every((line) => line.split(',')[1] === 'admin (token: nightly)')).toBe(true);
    await page().getByRole('status').filter({ hasText: /^Downloaded \d+ events\.$/ }).waitFor();
  });

  it('fits the account and operators pages on a 390 px phone', async () => {
    await page().setViewportSize({ width: 390, height: 844 });
    try {
      for (const [path, heading, list, name] of [
        ['/account', 'Account', 'Your signed-in browsers', '13-account-390'],
        ['/operators', 'Operators', 'Operators', '14-operators-390'],
      ] as const) {
        await page().goto(`${stack.gateway.url}${path}`);
        await page().getByRole('heading', { level: 1, name: heading }).waitFor();
        await page().getByRole('list', { name: list }).getByRole('listitem').first().waitFor();
        expect(await page().evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await expectAccessible(page());
        await screenshot(page(), name);
      }
    } finally {
      await page().setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('leaves no password or token in the gateway\'s logs or audit rows', async () => {
    secrets.push(ADMIN.password, stack.gateway.token, 'carol-acts-too-0123', 'not-the-admin-password');
    const store = await openStore({ dataDir: stack.gateway.dataDir });
    try {
      const rows = JSON.stringify(await store.db.selectFrom('audit_events').selectAll().execute());
      expect(rows).toContain('admin');
      const output = stack.gateway.output();
      for (const secret of new Set(secrets)) {
        expect(output.includes(secret), 'in the gateway output').toBe(false);
        expect(rows.includes(secret), 'in an audit row').toBe(false);
      }
    } finally {
      await store.close();
    }
  });
});
