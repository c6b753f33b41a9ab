import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, gql, screenshot, signInAsAdmin, startStack, type Stack } from './harness.js';

// Attaching files in the composer on one real stack: picked, pasted and dropped files go to the
// scripted model through a real `opencode serve`, and come back as thumbnails and folded text.
let stack: Stack;
let threadId: string;
/** The data: URL of the picture pasted into the first message. */
let pasted: string;

beforeAll(async () => {
  stack = await startStack();
  threadId = (await gql<{ createThread: { id: string } }>(stack, 'mutation { createThread(input: { title: "With files" }) { id } }')).createThread.id;
  await signInAsAdmin(stack.page, stack.gateway.url);
});

afterAll(async () => {
  await stack?.close();
});

const page = () => stack.page;
const box = () => page().getByRole('textbox', { name: 'Message' });
const chips = () => page().getByRole('list', { name: 'Attached files' }).locator('.name').allTextContents();
const modelPicker = () => page().getByRole('combobox', { name: 'Model' });

/**
 * Pastes a picture into the message box, as pasting a screenshot does: drawn in the page, put on the
 * paste event's clipboard. Resolves to its data: URL, to look for in what the model got.
 */
function pasteImage(name: string): Promise<string> {
  return box().evaluate(async (textarea, fileName) => {
    const canvas = document.createElement('canvas');
    canvas.width = 120;
    canvas.height = 80;
    const draw = canvas.getContext('2d')!;
    draw.fillStyle = '#dbeafe';
    draw.fillRect(0, 0, 120, 80);
    draw.fillStyle = '#2563eb';
    draw.fillRect(12, 40, 24, 28);
    draw.fillRect(48, 24, 24, 44);
    draw.fillRect(84, 12, 24, 56);
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((png) => resolve(png!), 'image/png'));
    const transfer = new DataTransfer();
    transfer.items.add(new File([blob], fileName, { type: 'image/png' }));
    textarea.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    return new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsDataURL(blob);
    });
  }, name);
}

/** Drops a file on the composer, as dragging one from the desktop does. */
function drop(name: string, mime: string, text: string) {
  return box().evaluate(
    (textarea, file) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([file.text], file.name, { type: file.mime }));
      const form = textarea.closest('form')!;
      form.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      form.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { name, mime, text },
  );
}

async function openThread() {
  await page().goto(`${stack.gateway.url}/threads/${threadId}`);
  await box().waitFor();
  await expect.poll(() => modelPicker().isEnabled(), { timeout: 20_000 }).toBe(true);
}

describe('attachments in the composer', () => {
  it('takes a file from the picker, an image pasted and a file dropped, as chips with name and size', async () => {
    await openThread();
    await modelPicker().selectOption({ label: 'Scripted vision' });
    await page().getByText('attach images, text, PDF: pick, drop or paste').waitFor();

    const [chooser] = await Promise.all([page().waitForEvent('filechooser'), page().getByRole('button', { name: 'Attach' }).click()]);
    await chooser.setFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('the secret word is pelican\n') });
    pasted = await pasteImage('chart.png');
    await drop('dropped.md', 'text/markdown', '# dropped notes\n');
    await expect.poll(chips).toEqual(['notes.txt', 'chart.png', 'dropped.md']);

    await page().getByRole('button', { name: 'Remove dropped.md' }).click();
    await expect.poll(chips).toEqual(['notes.txt', 'chart.png']);
    await expectAccessible(page());
  });

  it('sends them with the text: the model reads the file, and the thread shows a thumbnail and the folded text', async () => {
    await box().fill('what do these say');
    await box().press('Enter');
    const log = page().getByRole('log', { name: 'Messages' });
    await log.getByText(/echo: what do these say.*the secret word is pelican/).waitFor({ timeout: 20_000 });
    await expect.poll(chips).toEqual([]);

    const mine = log.locator('article.user').filter({ hasText: 'what do these say' }).last();
    const thumbnail = mine.getByRole('img', { name: 'chart.png' });
    await thumbnail.waitFor();
    expect(await thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(120);
    await mine.getByText('notes.txt').click();
    await mine.getByText('the secret word is pelican').waitFor();
    // The file's text is the attachment's, not the operator's words.
    expect(await mine.locator('.message-plain').textContent()).toBe('what do these say');

    const chat = stack.model.requests.find((request) => request.purpose === 'chat' && request.lastUserText.includes('what do these say'));
    expect(JSON.stringify(chat?.body.messages)).toContain(`"url":"${pasted}"`);
    await expectAccessible(page());
    await mine.scrollIntoViewIfNeeded();
    await screenshot(page(), 'attachments-thread');
  });

  it('will not take an image for a model that reads only text, and says why', async () => {
    await modelPicker().selectOption({ label: 'Scripted model' });
    await page().getByText('attach text: pick, drop or paste').waitFor();
    await pasteImage('photo.png');
    await page().getByRole('alert').getByText('photo.png: scripted/scripted-model does not read images').waitFor();
    expect(await page().getByRole('list', { name: 'Attached files' }).count()).toBe(0);
  });

  it('is usable at 390 px: chips, their remove buttons and the attach button fit and are touch-sized', async () => {
    await page().setViewportSize({ width: 390, height: 844 });
    try {
      await openThread();
      await modelPicker().selectOption({ label: 'Scripted vision' });
      await pasteImage('phone.png');
      await expect.poll(chips).toEqual(['phone.png']);
      expect(await page().evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      for (const target of [page().getByRole('button', { name: 'Remove phone.png' }), page().getByRole('button', { name: 'Attach' })]) {
        expect((await target.boundingBox())?.height).toBeGreaterThanOrEqual(44);
      }
      await expectAccessible(page());
      await screenshot(page(), 'attachments-composer-390');
    } finally {
      await page().setViewportSize({ width: 1280, height: 800 });
    }
  });
});
