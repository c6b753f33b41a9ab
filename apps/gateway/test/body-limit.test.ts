import { createFakeOpencode } from '@otto/opencode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, TOKEN, type TestGateway } from './harness.js';

// The gateway's body limit is its only one (Yoga's own, which streamed every body through a checker, is off).
let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway({ opencode: createFakeOpencode(), maxBodyBytes: 1_000 });
});
afterAll(() => t.close());

const post = (body: string, headers: Record<string, string> = {}) =>
  t.fetch('/graphql', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers }, body });

describe('the body limit', () => {
  it('answers a body within it', async () => {
    const body = JSON.stringify({ query: '{ system { version } }' });
    expect((await post(body, { 'content-length': String(Buffer.byteLength(body)) })).status).toBe(200);
    expect((await post(body)).status).toBe(200);
  });

  it('refuses a declared length over it, and one that is no length, before reading the body', async () => {
    const over = await post('{}', { 'content-length': '1001' });
    expect(over.status).toBe(413);
    for (const declared of ['abc', '-1', '12, 12', '1e3']) {
      const response = await post(JSON.stringify({ query: '{ system { version } }' }), { 'content-length': declared });
      expect(response.status).toBe(400);
      expect((await response.json()).errors[0].extensions.code).toBe('BAD_REQUEST');
    }
  });

  it('refuses an undeclared length once the bytes read pass it', async () => {
    const response = await post(JSON.stringify({ query: `{ system { version } } #${'x'.repeat(1_000)}` }));
    expect(response.status).toBe(413);
  });
});
