import { readFileSync } from 'node:fs';
import { rememberSecrets } from '@otto/testkit';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, expectAccessible, gql as gqlOf, screenshot, signInAsAdmin, startSupervisedStack, type SupervisedStack } from './harness.js';

// The Logs page against a gateway that supervises its own `opencode serve`, so the files hold lines
// of both sources; the gateway process writes them under the run's log root (OTTO_LOG_DIR).
let stack: SupervisedStack;
let page: Page;

const gql = <T>(query: string, variables: Record<string, unknown> = {}) => gqlOf<T>(stack, query, variables);
/** Polls until the page shows what is expected; a query takes its time on a busy machine. */
const poll = <T>(check: () => Promise<T> | T, options: { timeout?: number } = {}) => expect.poll(check, { timeout: 10_000, ...options });
const lines = () => page.getByRole('list', { name: 'Log lines, newest first' }).getByRole('listitem');
/** The text of one part (.source, .level, .text: the message) of every line shown. */
const shown = (part: string) => lines().locator(part).allInnerTexts();

beforeAll(async () => {
  rememberSecrets(ADMIN.password);
  stack = await startSupervisedStack({ permission: 'allow' });
  page = stack.page;
  // OpenCode up, so its lines are in the files before the page opens.
  const deadline = Date.now() + 30_000;
  while ((await gql<{ system: { opencode: { status: string } } }>('{ system { opencode { status } } }')).system.opencode.status !== 'UP') {
    if (Date.now() > deadline) throw new Error('OpenCode did not come up');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});

afterAll(async () => {
  await stack?.close();
});

describe('the Logs page', () => {
  it("opens from the admin's navigation and shows the newest lines of both sources", async () => {
    await signInAsAdmin(page, stack.gateway.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Logs' }).click();
    await page.getByRole('heading', { name: 'Logs' }).waitFor();
    await lines().first().waitFor();
    await poll(async () => new Set(await shown('.source'))).toEqual(new Set(['gateway', 'opencode']));
    await expectAccessible(page);
  });

  it('filters by source', async () => {
    await page.getByLabel('Source').selectOption({ label: 'OpenCode' });
    await poll(async () => new Set(await shown('.source'))).toEqual(new Set(['opencode']));
    await page.getByLabel('Source').selectOption({ label: 'Gateway' });
    await poll(async () => new Set(await shown('.source'))).toEqual(new Set(['gateway']));
    await page.getByLabel('Source').selectOption({ label: 'All sources' });
  });

  it('searches the messages and the fields, ignoring case', async () => {
    await page.getByRole('searchbox', { name: 'Search' }).fill('GATEWAY LISTENING');
    await poll(() => shown('.text')).toEqual(['gateway listening']);
    // The line's fields open by keyboard.
    await lines().first().getByRole('button', { name: /^Fields/ }).focus();
    await page.keyboard.press('Enter');
    await poll(() => lines().first().locator('pre').innerText()).toContain(stack.gateway.url);
    await expectAccessible(page);
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
  });

  it('follows: a line OpenCode writes for a request appears without a reload', async () => {
    const title = `followed-${Date.now().toString(36)}`;
    await page.getByRole('searchbox', { name: 'Search' }).fill(title);
    await page.getByText('No log lines match these filters.').waitFor();
    await page.getByRole('checkbox', { name: 'Follow new lines' }).check();
    await page.getByText('No log lines match these filters yet; new ones will appear here.').waitFor();
    const url = page.url();
    // OpenCode logs the session it creates, title included.
    await gql(`mutation { createThread(input: { title: "${title}" }) { id } }`);
    await poll(() => shown('.text'), { timeout: 20_000 }).toEqual(['created']);
    expect(page.url()).toBe(url);
    await screenshot(page, '20-logs-follow');
  });

  it('filters by least level, and follows an error as it happens', async () => {
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await page.getByLabel('Level').selectOption({ label: 'ERROR and above' });
    await poll(() => shown('.level')).toEqual([]);
    const { createThread } = await gql<{ createThread: { id: string } }>('mutation { createThread(input: { title: "logs: a failing reply" }) { id } }');
    // The scripted model fails this reply; OpenCode logs the failure as an error.
    await gql('mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } } }', { i: { threadId: createThread.id, text: 'fail now [[fail]]' } });
    await poll(async () => (await shown('.level')).length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(new Set(await shown('.level'))).toEqual(new Set(['ERROR']));
    expect(new Set(await shown('.source'))).toEqual(new Set(['opencode']));
    await page.getByLabel('Level').selectOption({ label: 'INFO and above' });
    await poll(async () => new Set(await shown('.level'))).toEqual(new Set(['INFO', 'ERROR']));
    await expectAccessible(page);
    await screenshot(page, '21-logs');
  });

  it('keeps the place of someone reading further down while new lines come in on top', async () => {
    await poll(() => lines().count()).toBeGreaterThan(25);
    /** Where the 21st line is on screen before and after a request makes OpenCode log more. */
    const shift = async (title: string) => {
      await page.locator('main').evaluate((main) => main.scrollTo(0, 300));
      const reading = lines().nth(20);
      const at = await reading.locator('time').getAttribute('datetime');
      const message = await reading.locator('.text').innerText();
      const before = (await reading.boundingBox())!.y;
      const count = await lines().count();
      await gql(`mutation { createThread(input: { title: "${title}" }) { id } }`);
      await poll(() => lines().count(), { timeout: 20_000 }).toBeGreaterThan(count);
      const same = lines().filter({ has: page.locator(`time[datetime="${at}"]`) }).filter({ has: page.locator('.text', { hasText: message }) });
      return (await same.first().boundingBox())!.y - before;
    };
    // Chromium anchors the scroll position itself…
    expect(Math.abs(await shift('logs: while reading'))).toBeLessThan(2);
    // …a browser without scroll anchoring is helped by the page.
    await page.addStyleTag({ content: 'main { overflow-anchor: none; }' });
    expect(Math.abs(await shift('logs: while reading on'))).toBeLessThan(2);
    await page.locator('main').evaluate((main) => main.scrollTo(0, 0));
  });

  it('downloads the filtered lines as NDJSON', async () => {
    await page.getByRole('checkbox', { name: 'Follow new lines' }).uncheck();
    await page.getByLabel('Source').selectOption({ label: 'OpenCode' });
    await poll(async () => new Set(await shown('.source'))).toEqual(new Set(['opencode']));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download NDJSON' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^otto-logs-.*\.ndjson$/);
    const downloaded = readFileSync((await download.path())!, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { source: string; level: string });
    expect(downloaded.length).toBeGreaterThan(5);
    expect(new Set(downloaded.map((line) => line.source))).toEqual(new Set(['opencode']));
    await page.getByRole('status').filter({ hasText: `Downloaded ${downloaded.length} lines.` }).waitFor();
  });
});
