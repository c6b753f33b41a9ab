import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  launchChromium,
  prepareOpencodeHome,
  startGatewayProcess,
  startModelServer,
  type GatewayProcess,
  type ModelServer,
  type OpencodeHome,
} from '@otto/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, expectAccessible, screenshot } from './harness.js';

// The gateway as `npm start` runs it without OPENCODE_URL: it supervises its own `opencode serve`,
// which the test kills until the supervisor gives up (its defaults: 5 exits within 10 minutes).
const GATEWAY_ENTRY = fileURLToPath(new URL('../../gateway/dist/main.mjs', import.meta.url));
let model: ModelServer;
let home: OpencodeHome;
let gateway: GatewayProcess;
let browser: Browser;
let page: Page;

interface Supervisor {
  state: string;
  pid: number | null;
}

async function supervisor(): Promise<Supervisor> {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gateway.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ system { supervisor { state pid } } }' }),
  });
  return ((await response.json()) as { data: { system: { supervisor: Supervisor } } }).data.system.supervisor;
}

/** The pid of a running server other than `not`. */
async function runningPid(not?: number): Promise<number> {
  let pid: number | null = null;
  await expect
    .poll(
      async () => {
        const now = await supervisor();
        pid = now.state === 'RUNNING' && now.pid !== not ? now.pid : null;
        return pid;
      },
      { timeout: 30_000, interval: 100 },
    )
    .not.toBeNull();
  return pid!;
}

beforeAll(async () => {
  model = await startModelServer();
  home = prepareOpencodeHome({ modelUrl: model.url });
  gateway = await startGatewayProcess({
    entry: GATEWAY_ENTRY,
    env: { ...home.env, OTTO_WORKSPACE: home.workspace, OTTO_ADMIN_PASSWORD: ADMIN.password },
  });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await gateway?.dispose();
  await model?.close();
  if (home) rmSync(home.root, { recursive: true, force: true });
});

describe('a crash loop in chromium', () => {
  it('shows every page a crash-loop banner, lets an admin restart OpenCode after confirming, and lists the restarts', { timeout: 180_000 }, async () => {
    await page.goto(`${gateway.url}/login`);
    await page.getByRole('textbox', { name: 'Name' }).fill(ADMIN.name);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));

    let pid = await runningPid();
    for (let kill = 1; kill <= 5; kill += 1) {
      process.kill(pid, 'SIGKILL');
      if (kill < 5) pid = await runningPid(pid);
    }
    await expect.poll(async () => (await supervisor()).state, { timeout: 30_000 }).toBe('CRASH_LOOP');

    const banner = page.getByRole('status').filter({ hasText: 'OpenCode keeps crashing' });
    await banner.waitFor({ timeout: 20_000 });
    await page.getByText('Last exit: exited (SIGKILL)').waitFor();
    await expectAccessible(page);
    await screenshot(page, '20-crash-loop');

    await page.goto(`${gateway.url}/system`);
    const panel = page.getByRole('region', { name: 'Supervisor' });
    await panel.getByText('Crash loop: not restarting').waitFor({ timeout: 20_000 });
    expect(await panel.getByRole('list', { name: 'Restarts' }).getByRole('listitem').count()).toBe(5);
    await expectAccessible(page);

    // The banner's button; the dialog closed with Escape first changes nothing.
    await page.getByRole('button', { name: 'Restart OpenCode' }).first().click();
    const dialog = page.getByRole('alertdialog', { name: 'Restart OpenCode?' });
    await dialog.waitFor();
    await expectAccessible(page);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await supervisor()).state).toBe('CRASH_LOOP');
    await page.getByRole('button', { name: 'Restart OpenCode' }).first().click();
    await dialog.getByRole('button', { name: 'Restart OpenCode' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });

    await panel.getByText('Running', { exact: true }).waitFor({ timeout: 30_000 });
    await banner.waitFor({ state: 'detached', timeout: 10_000 });
    expect((await supervisor()).state).toBe('RUNNING');
    await expectAccessible(page);
    await screenshot(page, '21-supervisor');
  });
});
