import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, gql, screenshot, signInAsAdmin, startStack, type Stack } from './harness.js';

// The todo panel, the changes panel and revert, on one real stack: the scripted model makes the agent
// call todowrite and write in a real `opencode serve`, whose workspace the test reads.
let stack: Stack;
let threadId: string;
let writingId: string;

const SEND = 'mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } } }';
const TURN = 'query($id: ID!) { thread(id: $id) { activity messages(last: 50) { nodes { role status parentId } } } }';

/** Waits, outside any test, for `check` to hold; this machine may be slow while others run too. */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Sends as a script would, then waits for the agent's turn to end; the user message's id. */
async function send(text: string): Promise<string> {
  const { sendMessage } = await gql<{ sendMessage: { message: { id: string } } }>(stack, SEND, { i: { threadId, text } });
  const id = sendMessage.message.id;
  await until(async () => {
    const { thread } = await gql<{ thread: { activity: string; messages: { nodes: Array<{ role: string; status: string; parentId: string | null }> } } }>(stack, TURN, { id: threadId });
    const replies = thread.messages.nodes.filter((message) => message.parentId === id);
    return thread.activity === 'IDLE' && replies.length > 0 && replies.every((reply) => reply.status === 'COMPLETE');
  }, `the reply to ${text}`);
  return id;
}

beforeAll(async () => {
  stack = await startStack();
  await until(async () => (await gql<{ system: { opencode: { status: string } } }>(stack, '{ system { opencode { status } } }')).system.opencode.status === 'UP', 'OpenCode');
  threadId = (await gql<{ createThread: { id: string } }>(stack, 'mutation { createThread(input: { title: "Workbench" }) { id } }')).createThread.id;
  await send('plan [[todo:completed/high Read the brief|in_progress Write the notes|pending Ship it]]');
  writingId = await send('save [[write:notes.txt hello\\nworld]]');
  await signInAsAdmin(stack.page, stack.gateway.url);
});

afterAll(async () => {
  await stack?.close();
});

const page = () => stack.page;
const notes = () => join(stack.opencode.workspace, 'notes.txt');
const panel = () => page().getByRole('complementary');
const toggle = (name: 'Todo' | 'Changes') => page().getByRole('button', { name: new RegExp(`^${name}`) });
const messages = () => page().getByRole('log', { name: 'Messages' });

async function openThread() {
  await page().goto(`${stack.gateway.url}/threads/${threadId}`);
  await page().getByRole('heading', { level: 1 }).waitFor();
  await messages().locator('article').filter({ hasText: '[[write:notes.txt' }).waitFor({ timeout: 20_000 });
}

async function closePanel() {
  if (await panel().count()) await panel().getByRole('button', { name: 'Close' }).click();
}

describe('the todo panel', () => {
  it("shows the agent's todo list beside the thread, each status with its icon and in words", async () => {
    await openThread();
    await closePanel();
    expect(await toggle('Todo').textContent()).toContain('1/3');
    await toggle('Todo').click();
    await panel().getByRole('heading', { name: "The agent's todo list" }).waitFor();
    const items = panel().getByRole('listitem');
    expect(await items.locator('.icon').allTextContents()).toEqual(['✓', '◐', '○']);
    expect(await items.locator('.content').allTextContents()).toEqual(['Done: Read the brief', 'In progress: Write the notes', 'Pending: Ship it']);
    expect(await items.first().getByText('high', { exact: true }).count()).toBe(1);
    await expectAccessible(page());
    await screenshot(page(), 'workbench-todo');
  });

  it('follows the list live as the agent rewrites it', async () => {
    await send('progress [[todo:completed Read the brief|completed Write the notes|in_progress Ship it]]');
    await panel().getByText('2 of 3 done').waitFor({ timeout: 20_000 });
    expect(await toggle('Todo').textContent()).toContain('2/3');
  });

  it('opens and closes by keyboard: Enter on its button, Escape back to it', async () => {
    await closePanel();
    await toggle('Todo').focus();
    await page().keyboard.press('Enter');
    await panel().waitFor();
    expect(await panel().getByRole('heading').evaluate((heading) => heading === document.activeElement)).toBe(true);
    await page().keyboard.press('Escape');
    await panel().waitFor({ state: 'detached' });
    expect(await toggle('Todo').evaluate((button) => button === document.activeElement)).toBe(true);
  });
});

describe('the changes panel and revert', () => {
  it('lists the file the agent wrote, and shows its coloured diff when opened', async () => {
    await toggle('Changes').click();
    await panel().getByText('notes.txt').waitFor({ timeout: 20_000 });
    const summary = panel().locator('summary');
    expect(await summary.locator('.badge').textContent()).toBe('new');
    expect((await summary.locator('.counts').textContent())?.replace(/\s+/g, ' ')).toBe('+2 −0');
    await panel().locator('summary').click();
    const added = panel().locator('.line.added');
    expect((await added.allTextContents()).map((text) => text.trim())).toEqual(['1+hello', '2+world']);
    expect(await added.first().evaluate((line) => getComputedStyle(line).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
    await expectAccessible(page());
    await screenshot(page(), 'workbench-changes');
  });

  it("reverts to before the operator's message after a confirmation: the file is gone and the changes are empty; Undo revert brings both back", async () => {
    expect(readFileSync(notes(), 'utf8')).toBe('hello\nworld');
    const writing = messages().locator('article').filter({ hasText: '[[write:notes.txt' });
    await writing.getByRole('button', { name: /^Revert/ }).click();
    const dialog = page().getByRole('alertdialog', { name: 'Revert to before this message?' });
    await dialog.waitFor();
    await expectAccessible(page());
    await dialog.getByRole('button', { name: 'Revert', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    await page().getByRole('status').filter({ hasText: 'Reverted:' }).waitFor({ timeout: 20_000 });
    expect(existsSync(notes())).toBe(false);
    await panel().getByText('The agent has changed no files in this thread').waitFor({ timeout: 20_000 });
    expect(await messages().getByText('Reverted', { exact: true }).count()).toBeGreaterThan(0);
    const revert = await gql<{ thread: { revert: { messageId: string } | null } }>(stack, 'query($id: ID!) { thread(id: $id) { revert { messageId } } }', { id: threadId });
    expect(revert.thread.revert?.messageId).toBe(writingId);
    await expectAccessible(page());
    await screenshot(page(), 'workbench-reverted');

    await page().getByRole('button', { name: 'Undo revert' }).click();
    await page().getByRole('status').filter({ hasText: 'Reverted:' }).waitFor({ state: 'detached', timeout: 20_000 });
    await panel().getByText('notes.txt').waitFor({ timeout: 20_000 });
    expect(readFileSync(notes(), 'utf8')).toBe('hello\nworld');
  });

  it('fits a 390 px phone: the panel covers the messages until closed, with thumb-sized buttons', async () => {
    await page().setViewportSize({ width: 390, height: 844 });
    try {
      await openThread();
      await closePanel();
      for (const name of ['Todo', 'Changes'] as const) expect((await toggle(name).boundingBox())?.height).toBeGreaterThanOrEqual(44);
      await toggle('Changes').click();
      await panel().getByText('notes.txt').waitFor({ timeout: 20_000 });
      const box = await panel().boundingBox();
      expect(box?.width).toBeGreaterThan(350);
      expect(await page().evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await expectAccessible(page());
      await screenshot(page(), 'workbench-changes-390');
      await closePanel();
      await toggle('Todo').click();
      await panel().getByText('2 of 3 done').waitFor();
      await expectAccessible(page());
      await screenshot(page(), 'workbench-todo-390');
    } finally {
      await page().setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('shows a viewer the todos and changes, with no way to revert', async () => {
    const viewer = { name: 'wendy', password: 'wendy-reads-only-0123' };
    await gql(stack, 'mutation($i: CreateOperatorInput!) { createOperator(input: $i) { id } }', { i: { ...viewer, role: 'VIEWER' } });
    await gql(stack, 'mutation($i: RevertMessageInput!) { revertMessage(input: $i) { id } }', { i: { threadId, messageId: writingId } });
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const reader = await context.newPage();
      await reader.goto(`${stack.gateway.url}/login`);
      await reader.getByRole('textbox', { name: 'Name' }).fill(viewer.name);
      await reader.getByLabel('Password', { exact: true }).fill(viewer.password);
      await reader.getByRole('button', { name: 'Sign in', exact: true }).click();
      await reader.waitForURL((url) => !url.pathname.startsWith('/login'));
      await reader.goto(`${stack.gateway.url}/threads/${threadId}`);
      await reader.getByRole('status').filter({ hasText: 'Reverted:' }).waitFor({ timeout: 20_000 });
      expect(await reader.getByRole('button', { name: 'Undo revert' }).count()).toBe(0);
      expect(await reader.getByRole('button', { name: /^Revert/ }).count()).toBe(0);
      await reader.getByRole('button', { name: /^Changes/ }).click();
      await reader.getByRole('complementary').getByText('The agent has changed no files').waitFor({ timeout: 20_000 });
      await expectAccessible(reader);
    } finally {
      await context.close();
      await gql(stack, 'mutation($id: ID!) { unrevertThread(threadId: $id) { id } }', { id: threadId });
    }
  });
});
