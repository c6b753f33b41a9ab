import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, gql, screenshot, signInAsAdmin, startStack, type Stack } from './harness.js';

// Search across threads on one real stack: the palette's way in, highlighted hits, the keyboard
// path from the query to the message in its thread, and the page at a phone's size.
let stack: Stack;
let target: { threadId: string; messageId: string };

const CREATE = 'mutation C($t: String!) { createThread(input: { title: $t }) { id } }';
const SEND = 'mutation S($i: SendMessageInput!) { sendMessage(input: $i) { reply { id } } }';

async function thread(title: string): Promise<string> {
  return (await gql<{ createThread: { id: string } }>(stack, CREATE, { t: title })).createThread.id;
}

async function converse(threadId: string, text: string): Promise<string> {
  return (await gql<{ sendMessage: { reply: { id: string } } }>(stack, SEND, { i: { threadId, text, awaitReply: true } })).sendMessage.reply.id;
}

const page = () => stack.page;

beforeAll(async () => {
  stack = await startStack();
  const migration = await thread('Bird migration');
  await thread('Unrelated chores');
  const messageId = await converse(migration, 'draft the albatross migration plan');
  // Later messages, so the hit is not simply the newest one in view.
  for (let i = 0; i < 6; i++) await converse(migration, `follow-up number ${i} with some words to fill the screen`);
  target = { threadId: migration, messageId };
  // The archive writes each reply a moment after it completes.
  const archived = async () =>
    (await gql<{ searchMessages: { totalCount: number } }>(stack, 'query { searchMessages(query: "albatross") { totalCount } }')).searchMessages.totalCount === 2;
  for (const deadline = Date.now() + 15_000; !(await archived()); ) {
    if (Date.now() > deadline) throw new Error('the archive did not take the messages in 15 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await signInAsAdmin(page(), stack.gateway.url);
});

afterAll(async () => {
  await stack?.close();
});

describe('searching messages', () => {
  it('is reached from the palette with what was typed there, and shows highlighted hits with their threads', async () => {
    await page().keyboard.press('Control+k');
    const palette = page().getByRole('combobox', { name: 'Command' });
    await palette.fill('albatross');
    await page().getByRole('option', { name: 'Search messages for “albatross”' }).waitFor();
    await palette.press('Enter');
    await page().waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === 'albatross');

    const hits = page().getByRole('list', { name: 'Messages found' }).getByRole('listitem');
    await expect.poll(() => hits.count()).toBe(2);
    expect(await hits.first().textContent()).toContain('Bird migration');
    expect(await page().locator('mark').allTextContents()).toEqual(['albatross', 'albatross']);
    await page().getByText('2 messages, best match first').waitFor();
    await expectAccessible(page());
    await screenshot(page(), 'search');
  });

  it('goes from the query to the message in its thread by keyboard alone', async () => {
    const input = page().getByRole('searchbox', { name: 'Words to find' });
    await input.fill('albatross plan');
    await page().waitForURL((url) => url.searchParams.get('q') === 'albatross plan');
    const reply = page().getByRole('link').filter({ hasText: 'Assistant' }).filter({ hasText: 'echo: draft the albatross' });
    await reply.waitFor();
    await input.focus();
    await input.press('ArrowDown');
    // Hits are best first; the reply may be first or second: move to it.
    if (!(await reply.evaluate((link) => link === document.activeElement))) await page().keyboard.press('ArrowDown');
    expect(await reply.evaluate((link) => link === document.activeElement)).toBe(true);
    await page().keyboard.press('Enter');

    await page().waitForURL((url) => url.pathname === `/threads/${target.threadId}` && url.searchParams.get('message') === target.messageId);
    const message = page().locator(`#message-${target.messageId}`);
    await expect.poll(() => message.evaluate((element) => element === document.activeElement), { timeout: 10_000 }).toBe(true);
    expect(await message.textContent()).toContain('echo: draft the albatross migration plan');
    const box = (await message.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeLessThan(800);
    await expectAccessible(page());
  });

  it('says when nothing matches, takes search syntax as plain words, and explains a query without words', async () => {
    await page().goto(`${stack.gateway.url}/search?q=${encodeURIComponent('zzyzx')}`);
    await page().getByText('No message of a bound thread holds “zzyzx”.').waitFor();
    const input = page().getByRole('searchbox', { name: 'Words to find' });
    await input.fill('" OR * NEAR(');
    await page().getByText('No message of a bound thread holds “" OR * NEAR(”.').waitFor();
    await input.fill('*()');
    await page().getByText('Type a word to search for: letters or digits.').waitFor();
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page());
  });

  it('works at a phone’s size', async () => {
    await page().setViewportSize({ width: 390, height: 844 });
    await page().goto(`${stack.gateway.url}/search?q=albatross`);
    const hits = page().getByRole('list', { name: 'Messages found' }).getByRole('listitem');
    await expect.poll(() => hits.count()).toBe(2);
    const link = hits.first().getByRole('link');
    expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect(await page().evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(page());
    await screenshot(page(), 'search-phone');
    await page().setViewportSize({ width: 1280, height: 800 });
  });
});
