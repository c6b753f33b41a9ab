import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, expectAccessible, screenshot, startStack, type Stack } from './harness.js';

// The System page's figures, read from the gateway's metrics, and OpenCode's latency chart, on one
// real stack (the gateway probes OpenCode every 500 ms there, so the chart fills in seconds).
let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

const page = () => stack.page;

/** The text of the value beside a label in the page's definition lists. */
const figure = (label: string) => page().locator('dt', { hasText: new RegExp(`^\\s*${label}\\s*$`) }).locator('xpath=following-sibling::dd[1]');

describe('the System page', () => {
  it('shows uptime, memory, event-loop delay, request rate and p95, and a latency chart with its summary in words', async () => {
    await page().goto(`${stack.gateway.url}/login`);
    await page().getByRole('textbox', { name: 'Name' }).fill(ADMIN.name);
    await page().getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page().getByRole('button', { name: 'Sign in', exact: true }).click();
    await page().waitForURL((url) => !url.pathname.startsWith('/login'));
    await page().goto(`${stack.gateway.url}/system`);

    await page().getByRole('heading', { name: 'Gateway process' }).waitFor();
    expect(await figure('Uptime').textContent()).toMatch(/^\s*\d+ (s|min|h \d+ min)\s*$/);
    expect(await figure('Memory \\(RSS\\)').textContent()).toMatch(/\d+(\.\d)? (MiB|GiB)/);
    expect(await figure('Event-loop delay').textContent()).toMatch(/\d+(\.\d)? (ms|s)\s+p99/);
    expect(await figure('Requests').textContent()).toMatch(/[\d.]+\/s\s+over the last \d+ s/);
    // The console's own polls are requests: within a poll or two the p95 has something to say.
    await expect.poll(async () => figure('Latency \\(p95\\)').textContent(), { timeout: 20_000 }).toMatch(/\d+(\.\d)? (ms|s)/);

    const chart = page().getByRole('region', { name: 'OpenCode latency, last hour' });
    await expect.poll(async () => chart.locator('svg path').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect
      .poll(async () => chart.locator('figcaption').textContent(), { timeout: 20_000 })
      .toMatch(/^\d+ probes over the last (minute|\d+ min): min [\d.]+ m?s, median [\d.]+ m?s, max [\d.]+ m?s/);
    // The chart is drawn for the eye; its words are what assistive technology reads.
    expect(await chart.locator('svg').getAttribute('aria-hidden')).toBe('true');

    await expectAccessible(page());
    await chart.scrollIntoViewIfNeeded();
    await screenshot(page(), 'system-metrics');
  });

  it('lists the providers OpenCode offers, each with its models and a write-only key field for an admin', async () => {
    const panel = page().getByRole('region', { name: 'Providers' });
    const scripted = panel.getByRole('listitem').filter({ hasText: 'Scripted (testkit)' });
    await scripted.getByText('Connected', { exact: true }).waitFor();
    await scripted.getByText('2 models').click();
    await scripted.getByText('Scripted model').waitFor();
    const key = scripted.getByLabel('API key for Scripted (testkit)');
    expect(await key.getAttribute('type')).toBe('password');
    expect(await key.getAttribute('autocomplete')).toBe('off');
    await expectAccessible(page());
  });
});
