import {
  launchChromium,
  startGatewayProcess,
  startModelServer,
  startOpencode,
  type GatewayProcess,
  type ModelServer,
  type OpencodeInstance,
} from '@otto/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, GATEWAY_ENTRY, expectAccessible, gql, screenshot, signInAsAdmin } from './harness.js';

// One gateway in front of two real `opencode serve` (OTTO_OPENCODE_SERVERS), one browser; the tests
// run in order: a thread on each server, the badges and the filter, the System page, then server
// "south" killed while the console stays open.
let model: ModelServer;
let north: OpencodeInstance;
let south: OpencodeInstance;
let gateway: GatewayProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  model = await startModelServer();
  [north, south] = await Promise.all([startOpencode({ modelUrl: model.url }), startOpencode({ modelUrl: model.url })]);
  const servers = Object.entries({ north, south }).map(([name, server]) => ({ name, url: server.url, username: server.username, password: server.password }));
  gateway = await startGatewayProcess({
    entry: GATEWAY_ENTRY,
    env: { OTTO_OPENCODE_SERVERS: JSON.stringify(servers), OTTO_ADMIN_PASSWORD: ADMIN.password },
  });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await gateway?.dispose();
  await Promise.all([north?.dispose(), south?.dispose()]);
  await model?.close();
});

const threadList = () => page.getByRole('navigation', { name: 'Threads' });
const listed = (title: string) => threadList().getByRole('list', { name: 'Threads' }).getByRole('listitem').filter({ hasText: title });
const serverPanel = () => page.getByRole('region', { name: 'OpenCode servers' });
const serverEntry = (name: string) => serverPanel().getByRole('listitem').filter({ has: page.getByRole('heading', { name: new RegExp(`^${name}\\b`) }) });
/** The text of the value beside a label in the page's definition lists. */
const figure = (label: string) => page.locator('dt', { hasText: new RegExp(`^\\s*${label}\\s*$`) }).locator('xpath=following-sibling::dd[1]');

describe('several OpenCode servers behind one gateway, in the console', () => {
  it('creates a thread on each server (the dialog picks the server) and badges every thread with its server', async () => {
    const created = await gql<{ createThread: { server: string } }>({ gateway }, 'mutation { createThread(input: { title: "North thread", server: "north" }) { server } }');
    expect(created.createThread.server).toBe('north');

    await signInAsAdmin(page, gateway.url);
    await listed('North thread').waitFor();
    await page.getByRole('button', { name: 'New thread' }).first().click();
    const dialog = page.getByRole('dialog', { name: /new thread/i });
    const picker = dialog.getByRole('combobox', { name: 'Server' });
    // The gateway's first server is the default, as createThread's is.
    await expect.poll(() => picker.inputValue()).toBe('north');
    await picker.selectOption('south');
    await expectAccessible(page);
    await dialog.getByRole('textbox', { name: /title/i }).fill('South thread');
    await dialog.getByRole('textbox', { name: /title/i }).press('Enter');
    await page.getByRole('heading', { level: 1, name: 'South thread' }).waitFor();
    await page.getByText('on server south').waitFor();

    await listed('North thread').getByText('server north', { exact: true }).waitFor();
    await listed('South thread').getByText('server south', { exact: true }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'servers-list');
  });

  it("filters the list by server from the keyboard, and shows every server's threads again", async () => {
    const filter = threadList().getByRole('combobox', { name: 'Server' });
    await filter.focus();
    // All servers → north → south.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => filter.inputValue()).toBe('south');
    await expect.poll(() => threadList().getByRole('listitem').allTextContents()).toEqual([expect.stringContaining('South thread')]);

    await page.keyboard.press('Home');
    await expect.poll(() => filter.inputValue()).toBe('');
    await listed('North thread').waitFor();
    await listed('South thread').waitFor();
  });

  it('lists every server on the System page, each with its health, and the gateway instance that answered', async () => {
    const { system } = await gql<{ system: { gateway: { instanceId: string } } }>({ gateway }, '{ system { gateway { instanceId } } }');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'System' }).click();
    for (const name of ['north', 'south']) {
      await serverEntry(name).getByText('Up', { exact: true }).waitFor({ timeout: 20_000 });
      await expect.poll(() => serverEntry(name).locator('dd').allTextContents()).toContainEqual(expect.stringMatching(/^\s*\d+ ms\s*$/));
    }
    expect(await figure('Instance').textContent()).toContain(system.gateway.instanceId.slice(0, 8));
    await expectAccessible(page);
    await screenshot(page, 'servers-system');
  });

  it("marks a stopped server's threads UNKNOWN while the other's stay LIVE and take messages, and the System page says which is down, without a reload", async () => {
    await page.evaluate(() => {
      (window as unknown as { stillTheSamePage: boolean }).stillTheSamePage = true;
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chat' }).click();
    await listed('South thread').getByText('Live', { exact: true }).waitFor();

    await south.stop();
    // The gateway's own word, not only the console's reading of the servers' health.
    const states = async () => {
      const { threads } = await gql<{ threads: { nodes: { title: string; state: string }[] } }>({ gateway }, '{ threads(first: 10) { nodes { title state } } }');
      return Object.fromEntries(threads.nodes.map((thread) => [thread.title, thread.state]));
    };
    await expect.poll(states, { timeout: 20_000 }).toEqual({ 'North thread': 'LIVE', 'South thread': 'UNKNOWN' });
    await page.getByRole('status').filter({ hasText: 'OpenCode server “south” is unreachable' }).waitFor({ timeout: 20_000 });
    await listed('South thread').getByText('Unknown', { exact: true }).waitFor({ timeout: 20_000 });
    await listed('North thread').getByText('Live', { exact: true }).waitFor();

    await listed('South thread').getByRole('link').click();
    await expect.poll(() => page.getByRole('textbox', { name: 'Message' }).isDisabled(), { timeout: 20_000 }).toBe(true);
    await page.getByText('The OpenCode server “south” is unreachable').waitFor();

    await listed('North thread').getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'North thread' }).waitFor();
    const box = page.getByRole('textbox', { name: 'Message' });
    await expect.poll(() => box.isEnabled()).toBe(true);
    await box.fill('hello north');
    await box.press('Enter');
    await page.getByRole('log', { name: 'Messages' }).getByText('echo: hello north').waitFor({ timeout: 30_000 });
    await expectAccessible(page);
    await screenshot(page, 'servers-one-down');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'System' }).click();
    await serverEntry('south').getByText('Down', { exact: true }).waitFor({ timeout: 20_000 });
    await serverEntry('north').getByText('Up', { exact: true }).waitFor();
    await expectAccessible(page);
    expect(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
  });

  it('shows the server back and its threads LIVE again, without a reload', async () => {
    await south.restart();
    await serverEntry('south').getByText('Up', { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chat' }).click();
    // No change in OpenCode tells the list; it reads itself again when a server's health changes.
    await listed('South thread').getByText('Live', { exact: true }).waitFor({ timeout: 20_000 });
    await page.getByRole('status').filter({ hasText: 'OpenCode server “south” is unreachable' }).waitFor({ state: 'detached' });
    expect(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
  });
});
