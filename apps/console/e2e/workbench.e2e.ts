import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, gql, SCREENSHOTS, signInAsAdmin, startStack, type Stack } from './harness.js';

// The workbench in chromium: every page at 1280×800 and at 390×844 with axe finding nothing, the phone
// used one-handed, the dashboard of session cards, and a thread exported. One stack for the file; the
// tests build on each other. Screenshots go with the run's others; OTTO_UPDATE_SCREENSHOTS=1 writes
// them to docs/screenshots instead, for the README (a test run must not change committed files).
let stack: Stack;
const SHOTS = process.env.OTTO_UPDATE_SCREENSHOTS === '1' ? fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url)) : SCREENSHOTS;
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

const page = () => stack.page;
const messages = () => page().getByRole('log', { name: 'Messages' });
const threadIds: string[] = [];
let toolThread = '';

async function createThread(title: string): Promise<string> {
  const { createThread } = await gql<{ createThread: { id: string } }>(stack, 'mutation($t: String!) { createThread(input: { title: $t }) { id } }', { t: title });
  return createThread.id;
}

/** Until the page has nothing left loading: no skeleton, no "Loading…" or "Checking…" line. */
async function settled(p: Page): Promise<void> {
  await p.waitForFunction(
    () =>
      !document.querySelector('.skeleton-bar') &&
      ![...document.querySelectorAll('p, span')].some((node) => /^(Loading|Checking)\b/.test(node.textContent?.trim() ?? '')),
    undefined,
    { timeout: 20_000 },
  );
}

/** What can be tapped on the screen now and is less than 44 px high. */
function smallTargets(): Promise<Array<{ what: string; height: number }>> {
  return page().evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, a.back, nav[aria-label="Main"] a, textarea, input, select, label:has(> input)')]
      .filter((node) => node.offsetParent !== null && !node.closest('label:has(> input)')?.isSameNode(node.parentElement))
      .map((node) => ({ what: `${node.tagName} ${node.getAttribute('aria-label') ?? node.textContent?.trim().slice(0, 30)}`, height: node.getBoundingClientRect().height }))
      .filter((target) => target.height < 44),
  );
}

/** Polls `check` until it gives something truthy (hooks cannot use expect.poll). */
async function until<T>(check: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function shot(name: string): Promise<void> {
  await page().screenshot({ path: `${SHOTS}${name}.png`, fullPage: false });
}

beforeAll(async () => {
  stack = await startStack();
  // A thread with a finished tool call, for the thread page and the export; the bash call waits for a permission.
  toolThread = await createThread('Tidy the build scripts');
  await gql(stack, 'mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } } }', {
    i: { threadId: toolThread, text: 'list the scripts [[tool:bash ls scripts]]' },
  });
  const permissionOf = async () =>
    (await gql<{ thread: { permissions: Array<{ id: string }> } }>(stack, 'query($id: ID!) { thread(id: $id) { permissions { id } } }', { id: toolThread })).thread.permissions[0]?.id;
  const permissionId = await until(permissionOf);
  await gql(stack, 'mutation($i: ReplyPermissionInput!) { replyPermission(input: $i) { id } }', { i: { threadId: toolThread, permissionId, reply: 'ONCE' } });
  await until(async () => {
    const { thread } = await gql<{ thread: { messages: { nodes: Array<{ text: string }> } } }>(stack, 'query($id: ID!) { thread(id: $id) { messages(last: 10) { nodes { text } } } }', { id: toolThread });
    return thread.messages.nodes.some((message) => message.text.startsWith('tool done'));
  });
  threadIds.push(toolThread);
  for (const title of ['Release notes', 'Flaky login test', 'Upgrade the database driver']) threadIds.push(await createThread(title));
  await signInAsAdmin(page(), stack.gateway.url);
});

afterAll(async () => {
  await stack?.close();
});

// Every page of the console, and what shows it has loaded.
const PAGES: Array<{ name: string; path: () => string; ready: (p: Page) => Promise<unknown> }> = [
  { name: 'list', path: () => '/', ready: (p) => p.getByRole('list', { name: 'Threads' }).getByRole('listitem').first().waitFor() },
  { name: 'thread', path: () => `/threads/${toolThread}`, ready: (p) => p.getByRole('log', { name: 'Messages' }).getByText('tool done').first().waitFor({ timeout: 20_000 }) },
  { name: 'dashboard', path: () => '/dashboard', ready: (p) => p.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor() },
  { name: 'search', path: () => '/search', ready: (p) => p.getByRole('heading', { level: 1 }).waitFor() },
  { name: 'system', path: () => '/system', ready: (p) => p.getByRole('heading', { level: 1, name: 'System' }).waitFor() },
  { name: 'logs', path: () => '/logs', ready: (p) => p.getByRole('heading', { level: 1, name: 'Logs' }).waitFor() },
  { name: 'audit', path: () => '/audit', ready: (p) => p.getByRole('heading', { level: 1, name: 'Audit' }).waitFor() },
  { name: 'operators', path: () => '/operators', ready: (p) => p.getByRole('heading', { level: 1, name: 'Operators' }).waitFor() },
  { name: 'account', path: () => '/account', ready: (p) => p.getByRole('heading', { level: 1, name: 'Account' }).waitFor() },
];

describe('the workbench in chromium', () => {
  it('pins from the thread list, shows the pinned thread as a card, and answers from the card', async () => {
    await page().goto(`${stack.gateway.url}/dashboard`);
    await page().getByText('No pinned threads yet.').waitFor();
    await expectAccessible(page());
    await page().goto(`${stack.gateway.url}/`);
    const list = page().getByRole('list', { name: 'Threads' });
    const pin = list.getByRole('button', { name: 'Pin “Release notes”' });
    await pin.click();
    await expect.poll(() => pin.getAttribute('aria-pressed')).toBe('true');
    await list.getByRole('button', { name: 'Pin “Tidy the build scripts”' }).click();

    // From the palette, by keyboard.
    await page().goto(`${stack.gateway.url}/threads/${threadIds[2]}`);
    await page().getByRole('heading', { level: 1, name: 'Flaky login test' }).waitFor();
    await page().keyboard.press('Control+k');
    await page().getByRole('combobox', { name: 'Command' }).fill('pin this');
    await page().keyboard.press('Enter');
    await expect.poll(() => page().getByRole('button', { name: 'Pin to dashboard' }).getAttribute('aria-pressed')).toBe('true');

    await page().keyboard.press('Control+k');
    await page().getByRole('combobox', { name: 'Command' }).fill('dashboard');
    await page().keyboard.press('Enter');
    await page().waitForURL(/\/dashboard$/);
    const cards = page().getByRole('list', { name: 'Pinned threads' });
    await expect.poll(() => cards.getByRole('article').count(), { timeout: 10_000 }).toBe(3);
    const card = cards.getByRole('article', { name: 'Release notes' });
    await card.getByRole('textbox', { name: 'Reply to “Release notes”' }).fill('from the card');
    await card.getByRole('textbox', { name: 'Reply to “Release notes”' }).press('Enter');
    await card.getByText('echo: from the card').waitFor({ timeout: 20_000 });
    await cards.getByRole('article', { name: 'Tidy the build scripts' }).getByText('tool done').waitFor();
  });

  it('refuses an 11th pin and says why', async () => {
    // The token acts for admin, who is signed in here: its pins are theirs.
    for (let i = 0; i < 7; i += 1) {
      const id = await createThread(`Filler ${i}`);
      await gql(stack, 'mutation($id: ID!) { pinThread(threadId: $id) { id } }', { id });
    }
    await page().goto(`${stack.gateway.url}/dashboard`);
    await page().getByText('10 of 10 pinned').waitFor({ timeout: 10_000 });
    await page().goto(`${stack.gateway.url}/threads/${threadIds[3]}`);
    await page().getByRole('heading', { level: 1, name: 'Upgrade the database driver' }).waitFor();
    await page().getByRole('button', { name: 'Pin to dashboard' }).click();
    await page().getByRole('alert').filter({ hasText: 'At most 10 threads can be pinned: unpin one first' }).waitFor();
    expect(await page().getByRole('button', { name: 'Pin to dashboard' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('downloads a thread as Markdown, its tool call folded, and as JSON', async () => {
    await page().goto(`${stack.gateway.url}/threads/${toolThread}`);
    const download = page().getByRole('group', { name: 'Download' });
    const [markdown] = await Promise.all([page().waitForEvent('download'), download.getByRole('button', { name: 'Markdown' }).click()]);
    expect(markdown.suggestedFilename()).toBe(`otto-tidy-the-build-scripts-${toolThread}.md`);
    const md = readFileSync((await markdown.path())!, 'utf8');
    expect(md).toMatch(/^# Tidy the build scripts\n/);
    expect(md).toMatch(/<details>\n<summary>Tool bash[^<]*\(completed\)<\/summary>/);
    expect(md).toContain('tool done');
    await download.getByRole('status').filter({ hasText: /^Downloaded \d+ messages\.$/ }).waitFor();
    const [json] = await Promise.all([page().waitForEvent('download'), download.getByRole('button', { name: 'JSON' }).click()]);
    const document = JSON.parse(readFileSync((await json.path())!, 'utf8')) as { thread: { id: string }; messages: unknown[] };
    expect(document.thread.id).toBe(toolThread);
    expect(document.messages.length).toBeGreaterThan(1);
  });

  it.each(Object.keys(SIZES) as Array<keyof typeof SIZES>)('shows every page at the %s size with no axe violation', async (size) => {
    await page().setViewportSize(SIZES[size]);
    try {
      for (const view of PAGES) {
        await page().goto(`${stack.gateway.url}${view.path()}`);
        await view.ready(page());
        await settled(page());
        expect(await page().evaluate(() => document.documentElement.scrollWidth), `${view.name} fits`).toBeLessThanOrEqual(SIZES[size].width);
        await expectAccessible(page());
        await shot(`${size}-${view.name}`);
      }
    } finally {
      await page().setViewportSize(SIZES.desktop);
    }
  });

  it('works one-handed on a phone: list → thread → send → back, with targets of 44 px', async () => {
    await page().setViewportSize(SIZES.phone);
    try {
      await page().goto(`${stack.gateway.url}/`);
      const list = page().getByRole('list', { name: 'Threads' });
      await list.getByRole('link', { name: 'Flaky login test' }).click();
      await page().waitForURL(/\/threads\/ses_/);
      // The thread takes the screen; the list waits behind a way back.
      expect(await list.isVisible()).toBe(false);
      const box = page().getByRole('textbox', { name: 'Message' });
      await box.fill('from the phone');
      await page().getByRole('button', { name: 'Send', exact: true }).tap().catch(() => page().getByRole('button', { name: 'Send', exact: true }).click());
      await messages().getByText('echo: from the phone').waitFor({ timeout: 20_000 });
      await shot('phone-thread-reply');
      expect(await smallTargets()).toEqual([]);

      // A permission, then a question: their buttons are thumb-sized too.
      await box.fill('check [[tool:bash echo phone]]');
      await box.press('Enter');
      const allow = page().getByRole('button', { name: 'Allow once' });
      await allow.waitFor({ timeout: 20_000 });
      await allow.scrollIntoViewIfNeeded();
      expect(await smallTargets()).toEqual([]);
      await expectAccessible(page());
      await shot('phone-permission');
      await allow.click();
      await messages().getByText('tool done: phone').waitFor({ timeout: 20_000 });
      await box.fill('pick one [[question:Which colour?|Red|Blue]]');
      await box.press('Enter');
      const blue = page().getByRole('button', { name: 'Blue', exact: true });
      await blue.waitFor({ timeout: 20_000 });
      await blue.scrollIntoViewIfNeeded();
      expect(await smallTargets()).toEqual([]);
      await blue.click();
      await messages().getByText('answered: Blue').waitFor({ timeout: 20_000 });

      await page().getByRole('link', { name: 'Threads' }).first().click();
      await page().waitForURL((url) => url.pathname === '/');
      await list.getByRole('link', { name: 'Flaky login test' }).waitFor();

      // The palette fits and its options are thumb-sized too.
      await page().getByRole('button', { name: /Commands/ }).click();
      const option = page().getByRole('option').first();
      await option.waitFor();
      expect((await option.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      await expectAccessible(page());
      await shot('phone-palette');
      await page().keyboard.press('Escape');
    } finally {
      await page().setViewportSize(SIZES.desktop);
    }
  });

  it('is installable: a manifest with icons, and no service worker', async () => {
    const response = await fetch(`${stack.gateway.url}/manifest.webmanifest`);
    expect(response.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    const manifest = (await response.json()) as { name: string; display: string; start_url: string; icons: Array<{ src: string; sizes: string; type: string; purpose: string }> };
    expect(manifest).toMatchObject({ name: 'Otto Console', display: 'standalone', start_url: '/' });
    for (const size of ['192x192', '512x512']) expect(manifest.icons.some((icon) => icon.sizes === size && icon.type === 'image/png')).toBe(true);
    expect(manifest.icons.some((icon) => icon.purpose === 'maskable')).toBe(true);
    for (const icon of manifest.icons) {
      const file = await fetch(`${stack.gateway.url}${icon.src}`);
      expect(file.status, icon.src).toBe(200);
      expect(file.headers.get('content-type')).toBe(icon.type);
    }
    await page().goto(`${stack.gateway.url}/`);
    expect(await page().locator('link[rel="manifest"]').getAttribute('href')).toBe('/manifest.webmanifest');
    expect(await page().evaluate(() => navigator.serviceWorker.getRegistrations().then((all) => all.length))).toBe(0);
  });
});
