import { SCRIPTED_VISION_MODEL_ID } from '@otto/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, gql, screenshot, signInAsAdmin, startStack, type Stack } from './harness.js';

// The composer's model and agent pickers on one real stack: the scripted model server answers for
// both of the testkit config's models and records which one each request named.
let stack: Stack;
let picked: string;
let other: string;

beforeAll(async () => {
  stack = await startStack();
  const create = 'mutation($t: String!) { createThread(input: { title: $t }) { id } }';
  picked = (await gql<{ createThread: { id: string } }>(stack, create, { t: 'Model picked' })).createThread.id;
  other = (await gql<{ createThread: { id: string } }>(stack, create, { t: 'Model left alone' })).createThread.id;
  await signInAsAdmin(stack.page, stack.gateway.url);
});

afterAll(async () => {
  await stack?.close();
});

const page = () => stack.page;
const modelPicker = () => page().getByRole('combobox', { name: 'Model' });
const agentPicker = () => page().getByRole('combobox', { name: 'Agent' });
const selected = async (picker: ReturnType<typeof modelPicker>) => picker.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent?.trim());

async function openThread(id: string) {
  await page().goto(`${stack.gateway.url}/threads/${id}`);
  await page().getByRole('textbox', { name: 'Message' }).waitFor();
  // Enabled once OpenCode's lists are in.
  await expect.poll(() => modelPicker().isEnabled(), { timeout: 20_000 }).toBe(true);
}

describe('the model and agent pickers', () => {
  it("offer OpenCode's models and primary agents, and say what the picked model takes and costs", async () => {
    await openThread(picked);
    expect(await selected(modelPicker())).toBe('Default');
    const models = await modelPicker().locator('option').allTextContents();
    expect(models.map((label) => label.trim())).toEqual(['Default', 'Scripted model', 'Scripted vision']);
    const agents = (await agentPicker().locator('option').allTextContents()).map((label) => label.trim());
    expect(agents).toEqual(expect.arrayContaining(['Default', 'build', 'plan']));
    // Subagents run only when another agent calls them.
    expect(agents).not.toContain('general');

    await modelPicker().selectOption({ label: 'Scripted vision' });
    await agentPicker().selectOption({ label: 'plan' });
    await page().getByText('200K context · $3.00 in, $15.00 out per M tokens · takes images and PDFs').waitFor();
    await expectAccessible(page());
  });

  it('are reached from the message box by keyboard', async () => {
    await page().getByRole('textbox', { name: 'Message' }).focus();
    await page().keyboard.press('Tab');
    expect(await modelPicker().evaluate((select) => select === document.activeElement)).toBe(true);
    await page().keyboard.press('Tab');
    expect(await agentPicker().evaluate((select) => select === document.activeElement)).toBe(true);
  });

  it('send with the picks: OpenCode asked the picked model, and the reply shows that model, its tokens and its cost', async () => {
    const box = page().getByRole('textbox', { name: 'Message' });
    await box.fill('which model is this');
    await box.press('Enter');
    const reply = page().getByRole('log', { name: 'Messages' }).locator('article').filter({ hasText: 'echo: which model is this' });
    // 10 prompt and 5 completion tokens from the scripted model, at $3 and $15 per million: $0.000105.
    await reply.getByText('scripted/scripted-vision · 10 in, 5 out tokens · $0.0001').waitFor({ timeout: 20_000 });
    const asked = stack.model.requests.filter((request) => request.purpose === 'chat' && request.lastUserText.includes('which model is this'));
    expect(asked.map((request) => request.body.model)).toEqual([SCRIPTED_VISION_MODEL_ID]);
    await expectAccessible(page());
    await reply.locator('header').scrollIntoViewIfNeeded();
    await screenshot(page(), 'models-reply');
  });

  it('are remembered per thread after a reload', async () => {
    await page().reload();
    await openThread(picked);
    expect(await selected(modelPicker())).toBe('Scripted vision');
    expect(await selected(agentPicker())).toBe('plan');

    await openThread(other);
    expect(await selected(modelPicker())).toBe('Default');
    expect(await selected(agentPicker())).toBe('Default');
  });

  it('fit a 390 px phone with touch-sized targets', async () => {
    await page().setViewportSize({ width: 390, height: 844 });
    try {
      await openThread(picked);
      expect(await page().evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      for (const picker of [modelPicker(), agentPicker()]) expect((await picker.boundingBox())?.height).toBeGreaterThanOrEqual(44);
      await expectAccessible(page());
      await screenshot(page(), 'models-pickers-390');
    } finally {
      await page().setViewportSize({ width: 1280, height: 800 });
    }
  });
});
