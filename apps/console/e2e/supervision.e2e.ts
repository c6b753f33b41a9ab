import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, gql, screenshot, signInAsAdmin, startSupervisedStack, type SupervisedStack } from './harness.js';

// The gateway as `npm start` runs it without OPENCODE_URL: it supervises its own `opencode serve`,
// which the test kills until the supervisor gives up (its defaults: 5 exits within 10 minutes).
let stack: SupervisedStack;
let page: Page;

interface Supervisor {
  state: string;
  pid: number | null;
}

async function supervisor(): Promise<Supervisor> {
  return (await gql<{ system: { supervisor: Supervisor } }>(stack, '{ system { supervisor { state pid } } }')).system.supervisor;
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
  stack = await startSupervisedStack();
  page = stack.page;
});

afterAll(async () => {
  await stack?.close();
});

describe('a crash loop in chromium', () => {
  it('shows every page a crash-loop banner, lets an admin restart OpenCode after confirming, and lists the restarts', { timeout: 180_000 }, async () => {
    await signInAsAdmin(page, stack.gateway.url);

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

    await page.goto(`${stack.gateway.url}/system`);
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
