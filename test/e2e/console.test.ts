// The console in a real browser: every page opens; the fleet lists every cluster; the cluster page
// shows the recommended and excluded base images with their reasons; accepting (token dialog,
// If-Match), an event updating the page without a reload, a what-if run, a bad upload's errors by
// path. Screenshots of every page go to test/e2e/screenshots/ (ignored) for people to look at.
import * as fs from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureWorld, launchBrowser, loadWorld, put, type Server, screenshots, skipE2e, startServer, TOKEN } from './harness.js';

const world = fixtureWorld('world-c');
const MAIN = world.cluster.name as string;
const EDGE = `${MAIN}-edge`;
const versionOf = (img: { base_image: { version: string } } | null) => img?.base_image.version;

describe.skipIf(skipE2e)('web console (Chromium)', { timeout: 120_000 }, () => {
  let server: Server;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    const edge = { ...world.cluster, name: EDGE, hosts: world.cluster.hosts.slice(0, 3) };
    for (const rec of (await loadWorld(server, world, [world.cluster, edge])).values()) expect(rec.status).toBe('READY');
    browser = await launchBrowser();
    context = browser.context;
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('/ lists every cluster with its state and the data age', async () => {
    await page.goto(`${server.url}/`);
    const rows = page.locator('table.fleet tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const text = await page.locator('table.fleet').innerText();
    for (const c of [MAIN, EDGE]) expect(text).toContain(c);
    expect(text).toContain(versionOf(world.expected.latest));
    expect(await page.locator('.cards').first().innerText()).toMatch(/sha256:[0-9a-f]{12}/);
    await expect.poll(() => page.locator('table.fleet').innerText()).toMatch(/compliant|incompatible|unavailable/i);
    await screenshots(page, 'fleet');
  });

  it('the cluster page shows the recommendations and every excluded base image with its reasons', async () => {
    await page.click(`a[href="/clusters/${MAIN}"]`);
    await page.waitForURL(`${server.url}/clusters/${MAIN}`);
    const excluded = world.expected.excluded_base_images as { version: string; reasons: { message: string }[] }[];
    await page.getByRole('heading', { name: `Excluded base images (${excluded.length})` }).waitFor();
    const recs = await page.locator('table.images').innerText();
    for (const slot of ['latest', 'current_series', 'same_base']) {
      const v = versionOf(world.expected[slot]);
      expect(recs).toContain(v ?? 'no valid image');
    }
    const text = await page.locator('main').innerText();
    for (const e of excluded) expect(text).toContain(`Base image ${e.version}`);
    // The reasons the service gave (an engine may find another minimal set than the reference's).
    const rec = await (await server.api('GET', `/api/clusters/${MAIN}/software/recommendations`)).json();
    for (const e of rec.excluded_base_images as typeof excluded) for (const r of e.reasons) expect(text).toContain(r.message);
    await page.getByRole('heading', { name: /^Compliance/ }).waitFor();
    await page.locator('text=Remediating the cluster').waitFor();
    await screenshots(page, 'cluster');
    // Deep link: a reload lands on the same page.
    await page.reload();
    await page.getByRole('heading', { name: `Cluster ${MAIN}` }).waitFor();
  });

  it('an event re-solves the cluster and the page says so without a reload', async () => {
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 42;
    });
    await expect.poll(() => page.locator('.summary').innerText()).toContain('8 hosts');
    const res = await server.api('POST', '/api/events', { type: 'host_removed', cluster: MAIN, host: 'esx-08' });
    expect(res.status).toBe(202);
    await page.locator('.notice', { hasText: 'host removed on esx-08' }).first().waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('.summary').innerText(), { timeout: 20_000 }).toContain('7 hosts');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  });

  it('accepting asks for the token once, and a concurrent change gets a clear message', async () => {
    // Someone else changes the desired image after the page was read, and the page does not hear
    // of it (its event stream is cut), so it accepts on an old revision.
    const cut = '**/api/events/stream**';
    await page.route(cut, (r) => r.abort());
    await page.goto(`${server.url}/clusters/${EDGE}`);
    const accept = page.getByRole('button', { name: 'Accept latest' });
    await accept.waitFor();
    const sw = await (await server.api('GET', `/api/clusters/${EDGE}/software`)).json();
    const older = world.depot.base_images[0].version;
    expect(older).not.toBe(sw.base_image.version);
    await put(server, `/api/clusters/${EDGE}/software`, { ...sw, base_image: { version: older } });
    await accept.click();
    const dialog = page.getByRole('dialog', { name: 'API token' });
    await dialog.waitFor();
    await dialog.getByLabel('Token').fill(TOKEN);
    await dialog.getByRole('button', { name: 'Use token' }).click();
    await page.locator('.error', { hasText: 'changed since this page was loaded' }).waitFor();
    await page.unroute(cut);
    // Undo it; once the re-solve is in, accepting goes through without asking again.
    await put(server, `/api/clusters/${EDGE}/software`, sw);
    await server.api('GET', `/api/clusters/${EDGE}/software/recommendations?wait=60000`);
    await page.reload();
    await page.getByRole('button', { name: 'Accept latest' }).click();
    await page.locator('.notice', { hasText: 'Accepted latest' }).waitFor();
    expect(await dialog.isVisible()).toBe(false);
    const desired = await (await server.api('GET', `/api/clusters/${EDGE}/software`)).json();
    const rec = await (await server.api('GET', `/api/clusters/${EDGE}/software/recommendations?wait=60000`)).json();
    expect(desired.base_image.version).toBe(versionOf(rec.latest));
  });

  it('the fleet page follows re-solves without a reload', async () => {
    await page.goto(`${server.url}/`);
    const row = page.locator('table.fleet tbody tr', { hasText: EDGE });
    await expect.poll(() => row.innerText()).toMatch(/\b3\b/);
    const res = await server.api('POST', '/api/events', { type: 'host_removed', cluster: EDGE, host: world.cluster.hosts[2].name });
    expect(res.status).toBe(202);
    await page
      .locator('.notice', { hasText: `${EDGE} re-solved` })
      .first()
      .waitFor({ timeout: 20_000 });
    await expect.poll(() => row.locator('td.num').innerText(), { timeout: 20_000 }).toBe('2');
  });

  it('runs what-if scenarios with a progress bar, a results table and a CSV', async () => {
    await page.goto(`${server.url}/clusters/${MAIN}/whatif`);
    await page
      .getByLabel('Scenarios, one JSON object per line')
      .fill(
        [
          '{"name": "baseline", "changes": []}',
          '{"name": "retire esx-01", "changes": [{"op": "remove_host", "host": "esx-01"}]}',
          '{"name": "bad", "changes": [{"op": "remove_host", "host": "esx-99"}]}',
        ].join('\n'),
      );
    await page.getByRole('button', { name: 'Run scenarios' }).click();
    await page.locator('text=3 of 3 done, 1 bad').waitFor({ timeout: 60_000 });
    expect(await page.locator('table.results tbody tr').count()).toBe(3);
    expect(await page.locator('table.results').innerText()).toContain('esx-99');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = fs
      .readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toMatch(/^line,name,status,/);
    expect(csv).toHaveLength(4);
    await screenshots(page, 'whatif');
  });

  it('"Try this repair" opens the plan as a scenario', async () => {
    await page.goto(`${server.url}/clusters/${MAIN}`);
    const link = page.getByRole('link', { name: 'Try this repair' }).first();
    await link.waitFor();
    await link.click();
    await page.waitForURL(/\/whatif#scenario=/);
    expect(await page.getByLabel('Scenarios, one JSON object per line').inputValue()).toContain('"changes"');
    await page.getByRole('button', { name: 'Run scenarios' }).click();
    await page.locator('text=1 of 1 done').waitFor({ timeout: 60_000 });
  });

  it('/inputs shows the imports, and a bad depot upload shows its errors by JSON path', async () => {
    await page.goto(`${server.url}/inputs`);
    await page.locator('dd code').first().waitFor();
    const bad = structuredClone(world.depot);
    bad.base_images[0].version = 12;
    await page.setInputFiles('#upload-depot', {
      name: 'bad-depot.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(bad)),
    });
    await page.getByRole('button', { name: 'Upload depot' }).click();
    const error = page.locator('.error', { hasText: 'bad-depot.json was not imported' });
    await error.waitFor();
    expect(await error.innerText()).toContain('bad-depot.json: $.base_images[0].version');
    await screenshots(page, 'inputs');
  });

  it('an unknown path is a 404 page', async () => {
    const res = await page.goto(`${server.url}/no/such/page`);
    expect(res?.status()).toBe(404);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await screenshots(page, 'not-found');
  });
});
