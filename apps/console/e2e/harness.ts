import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  axeViolations,
  launchChromium,
  prepareOpencodeHome,
  startGatewayProcess,
  startModelServer,
  startOpencode,
  type GatewayProcess,
  type ModelServer,
  type OpencodeHome,
  type OpencodeInstance,
} from '@otto/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

/** The built gateway (npm run build), run as its own process. */
export const GATEWAY_ENTRY = fileURLToPath(new URL('../../gateway/dist/main.mjs', import.meta.url));
/** The operator the gateway creates on its first start, given a password then (OTTO_ADMIN_PASSWORD). */
export const ADMIN = { name: 'admin', password: 'e2e-admin-password-0123' } as const;
/** Screenshots of each main screen, kept as test artifacts. */
export const SCREENSHOTS = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));

export interface Stack {
  model: ModelServer;
  opencode: OpencodeInstance;
  gateway: GatewayProcess;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** The whole product, for real: scripted model → opencode serve → gateway process → chromium. */
export async function startStack(): Promise<Stack> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const model = await startModelServer();
  const opencode = await startOpencode({ modelUrl: model.url, permission: 'ask' });
  const gateway = await startGatewayProcess({
    entry: GATEWAY_ENTRY,
    opencodeUrl: opencode.url,
    opencodePassword: opencode.password,
    // Debug logs too: the last test looks for secrets in every line the gateway prints.
    env: { OTTO_ADMIN_PASSWORD: ADMIN.password, OTTO_LOG_LEVEL: 'debug' },
  });
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  return {
    model,
    opencode,
    gateway,
    browser,
    context,
    page,
    async close() {
      await browser.close();
      await gateway.dispose();
      await opencode.dispose();
      await model.close();
    },
  };
}

export interface SupervisedStack {
  model: ModelServer;
  home: OpencodeHome;
  gateway: GatewayProcess;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/**
 * The gateway as `npm start` runs it without OPENCODE_URL: it supervises its own `opencode serve`
 * (the scripted model behind it), and writes its log files under the run's log root.
 */
export async function startSupervisedStack(options: { permission?: 'allow' | 'ask' } = {}): Promise<SupervisedStack> {
  const model = await startModelServer();
  const home = prepareOpencodeHome({ modelUrl: model.url, permission: options.permission });
  const gateway = await startGatewayProcess({
    entry: GATEWAY_ENTRY,
    env: { ...home.env, OTTO_WORKSPACE: home.workspace, OTTO_ADMIN_PASSWORD: ADMIN.password },
  });
  const browser = await launchChromium();
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true })).newPage();
  return {
    model,
    home,
    gateway,
    browser,
    page,
    async close() {
      await browser.close();
      await gateway.dispose();
      await model.close();
      rmSync(home.root, { recursive: true, force: true });
    },
  };
}

/** Signs the bootstrap admin in through the login page; resolves once the console has left /login. */
export async function signInAsAdmin(page: Page, gatewayUrl: string): Promise<void> {
  await page.goto(`${gatewayUrl}/login`);
  await page.getByRole('textbox', { name: 'Name' }).fill(ADMIN.name);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/**
 * A GraphQL call the way a script makes one: a bearer token (the gateway's legacy operator token, which
 * acts for admin, unless another is given). Resolves to the data; a GraphQL error fails the test.
 */
export async function gql<T>(stack: Pick<Stack, 'gateway'>, query: string, variables: Record<string, unknown> = {}, token = stack.gateway.token): Promise<T> {
  const response = await fetch(`${stack.gateway.url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  expect(body.errors).toBeUndefined();
  return body.data as T;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: false });
}

/** No WCAG 2.2 AA violation on the screen as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}
