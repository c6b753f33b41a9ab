import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '@otto/testkit';

/** Gzipped size of the JavaScript the console's index.html loads before anything lazy. */
export function initialJsGzipBytes(distDir: string): number {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)];
  return [...new Set(scripts.map((match) => match[1] as string))].reduce(
    (total, src) => total + gzipSync(readFileSync(join(distDir, src.replace(/^\//, '')))).length,
    0,
  );
}

/** From navigation start to the first thread link in the list, in a signed-in chromium (median). */
export async function threadListVisibleMs(origin: string, token: string, runs = 5): Promise<number[]> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    // Sign-in is cookie-authenticated from then on, so it carries the CSRF header like every console request.
    const signIn = await context.request.post(`${origin}/auth/session`, { data: { token }, headers: { 'x-graphql-yoga-csrf': '1' } });
    if (signIn.status() !== 204) throw new Error(`sign-in failed: ${signIn.status()}`);
    const times: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const page = await context.newPage();
      await page.goto(origin, { waitUntil: 'commit' });
      await page.getByRole('list', { name: 'Threads' }).getByRole('link').first().waitFor({ timeout: 10_000 });
      times.push(await page.evaluate(() => performance.now()));
      await page.close();
    }
    return times;
  } finally {
    await browser.close();
  }
}
