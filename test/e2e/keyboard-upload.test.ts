// The console by keyboard alone (accept a recommendation through the token dialog: Tab, Enter,
// Escape, typing), and the upload of an ESXi offline bundle through /inputs: a good one imported,
// a bad one refused with its error naming the file and the zip member.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseBundle, baseComponents, bundleBytes } from '../import/esxi-fixtures.js';
import { fixtureWorld, launchBrowser, loadWorld, type Server, screenshots, skipE2e, startServer, TOKEN } from './harness.js';

const world = fixtureWorld('world-c');
const NAME = world.cluster.name as string;

/** Presses Tab until the focused element is the one wanted; fails after `max` presses. */
async function tabTo(page: Page, wanted: (el: { tag: string; text: string; id: string }) => boolean, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      return { tag: a?.tagName.toLowerCase() ?? '', text: a?.innerText?.trim() ?? '', id: a?.id ?? '' };
    });
    if (wanted(el)) return;
  }
  throw new Error(`not reached by ${max} presses of Tab`);
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe.skipIf(skipE2e)('the console by keyboard, and zip uploads (Chromium)', { timeout: 120_000 }, () => {
  let server: Server;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    const rec = (await loadWorld(server, world, [world.cluster])).get(NAME)!;
    expect(rec.status).toBe('READY');
    browser = await launchBrowser();
    page = await browser.context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('accepts a recommendation by keyboard alone: Escape cancels the token dialog, Enter submits it', async () => {
    const before = await (await server.api('GET', `/api/clusters/${NAME}/software`)).json();
    const rec = await (await server.api('GET', `/api/clusters/${NAME}/software/recommendations`)).json();
    expect(rec.latest.base_image.version).not.toBe(before.base_image.version);
    await page.goto(`${server.url}/clusters/${NAME}`);
    await page.locator('[data-recommendation-state="fresh"]').waitFor();
    const isAccept = (el: { tag: string; text: string }) => el.tag === 'button' && el.text === 'Accept latest';
    await tabTo(page, isAccept);

    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'API token' });
    await dialog.waitFor();
    expect(await focusedId(page)).toBe('token-input');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.error', { hasText: 'no token given' }).waitFor();
    expect((await (await server.api('GET', `/api/clusters/${NAME}/software`)).json()).base_image).toEqual(before.base_image);

    // Focus goes back to the button the dialog came from, so Enter tries again.
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText)).toBe('Accept latest');
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.type(TOKEN);
    await page.keyboard.press('Enter');
    await page.locator('.notice', { hasText: 'Accepted latest' }).waitFor();
    expect(await dialog.isVisible()).toBe(false);
    const after = await (await server.api('GET', `/api/clusters/${NAME}/software`)).json();
    expect(after.base_image.version).toBe(rec.latest.base_image.version);
  });

  it('/inputs imports an ESXi offline bundle', async () => {
    await page.goto(`${server.url}/inputs`);
    const form = page.locator('form[data-upload="depot"]');
    await form.getByLabel('Depot JSON, ESXi offline bundle or metadata.zip').setInputFiles({
      name: 'esxi-bundle.zip',
      mimeType: 'application/zip',
      buffer: baseBundle(),
    });
    await form.getByRole('button', { name: 'Upload depot' }).click();
    await page.locator('form[data-upload="depot"][data-upload-state="ok"]').waitFor();
    expect(await form.getByRole('status').innerText()).toMatch(/^Imported: sha256:[0-9a-f]{12}/);
    const depot = await (await server.api('GET', '/api/depot?view=summary')).json();
    expect(depot.counts.components).toBe(baseComponents.length);
    await page.locator(`[data-input="depot"][data-content-hash="${depot.content_hash}"]`).waitFor();
    expect(await page.locator('[data-input="depot"]').innerText()).toContain(depot.content_hash.slice(0, 19));
  });

  it('/inputs shows why a bad zip was not imported, naming the file and the member', async () => {
    const hash = (await (await server.api('GET', '/api/depot?view=summary')).json()).content_hash;
    const form = page.locator('form[data-upload="depot"]');
    const bad = bundleBytes([
      { name: 'vmware.xml', data: '<metadataResponse/>' },
      { name: 'bulletins/broken.xml', data: '<bulletin>\n  <id>x</id>\n  <vibList>\n</bulletin>' },
    ]);
    await form.getByLabel('Depot JSON, ESXi offline bundle or metadata.zip').setInputFiles({
      name: 'broken-bundle.zip',
      mimeType: 'application/zip',
      buffer: bad,
    });
    await form.getByRole('button', { name: 'Upload depot' }).click();
    await page.locator('form[data-upload="depot"][data-upload-state="error"]').waitFor();
    const error = form.getByRole('alert');
    expect(await error.innerText()).toContain('broken-bundle.zip was not imported');
    expect(await error.innerText()).toMatch(/nothing usable/);
    expect(await error.innerText()).toContain('broken-bundle.zip!metadata.zip!bulletins/broken.xml: malformed XML at line 4');
    // Nothing was stored.
    expect((await (await server.api('GET', '/api/depot?view=summary')).json()).content_hash).toBe(hash);
    await screenshots(page, 'inputs-bad-zip');
  });
});
