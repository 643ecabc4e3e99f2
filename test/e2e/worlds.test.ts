// The console checked as an outsider would check it: every fixture world is loaded over the API only
// (PUT depot, HCL, cluster), and the pages, read through their documented hooks (docs/console.md),
// must show what the world's expected.json says: the fleet lists the cluster; the cluster page shows
// exactly the expected base image per slot and every expected excluded base image, in order. The
// reasons are checked against the brute-force reference, not against the service: an engine may find
// another minimal set than expected.json's, so each reason shown must be sound (some combination on
// that base has that error), together complete (every combination has one of them) and each needed,
// and as many as expected.json's smallest set at least; each reads in words naming what it concerns.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageError } from '../../src/model/types.js';
import { reasonMatches, referencePlan } from '../../src/plan/reference.js';
import { fixtureWorlds, loadFixture } from '../fixtures/worlds.js';
import { launchBrowser, type Server, skipE2e, startServer } from './harness.js';

const WORLDS = fixtureWorlds();
const SLOTS = ['latest', 'current_series', 'same_base'] as const;
const raw = (dir: string, f: string) => fs.readFileSync(path.join(dir, f), 'utf8');

/** The reasons a cluster page shows, read from its data attributes, per excluded base image in page order. */
async function shownExclusions(page: Page) {
  return page.locator('[data-excluded-base]').evaluateAll((articles) =>
    articles.map((a) => ({
      version: a.getAttribute('data-excluded-base') ?? '',
      reasons: Array.from(a.querySelectorAll('[data-reason-code]'), (li) => {
        const attr = (n: string) => li.getAttribute(n) ?? undefined;
        return {
          code: attr('data-reason-code'),
          host: attr('data-host'),
          device: attr('data-device'),
          item: attr('data-item'),
          text: (li as HTMLElement).innerText,
        };
      }),
    })),
  );
}

describe.skipIf(skipE2e)('the console shows each fixture world as expected.json says (Chromium)', { timeout: 180_000 }, () => {
  let server: Server;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let previous: string | undefined;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await browser.context.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('there are several worlds, with and without excluded base images', () => {
    expect(WORLDS.length).toBeGreaterThanOrEqual(8);
    const excluded = WORLDS.map((w) => loadFixture(w).expected.excluded_base_images.length);
    expect(excluded.some((n) => n === 0) && excluded.some((n) => n > 1)).toBe(true);
  });

  it.each(WORLDS.map((w) => [w.name, w] as const))('%s', async (_, fixture) => {
    const { world, expected, catalog } = loadFixture(fixture);
    const name = world.cluster.name;
    const putFile = async (p: string, f: string) => {
      const res = await server.api('PUT', p, raw(fixture.inputs, f));
      expect(res.status, `PUT ${p}: ${await res.clone().text()}`).toBeLessThan(300);
    };
    const clusterPage = `${server.url}/clusters/${encodeURIComponent(name)}`;
    if (!previous) {
      // The first world: the cluster comes before the depot and HCL. Its page says why nothing is
      // recommended, then follows the imports by itself (no reload).
      await putFile(`/api/clusters/${encodeURIComponent(name)}`, 'cluster.json');
      await page.goto(clusterPage);
      await page.locator('.notice', { hasText: 'Nothing can be recommended yet' }).waitFor();
      await page.evaluate(() => {
        (window as unknown as { marker: number }).marker = 7;
      });
      await putFile('/api/depot', 'depot.json');
      await putFile('/api/hcl', 'hcl.json');
      await page.locator('[data-recommendation-state="fresh"]').waitFor({ timeout: 60_000 });
      expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);
    } else {
      // One server holds one depot and HCL: the previous world's cluster goes first, then this world's inputs.
      expect((await server.api('DELETE', `/api/clusters/${encodeURIComponent(previous)}`)).status).toBeLessThan(300);
      await putFile('/api/depot', 'depot.json');
      await putFile('/api/hcl', 'hcl.json');
      await putFile(`/api/clusters/${encodeURIComponent(name)}`, 'cluster.json');
    }
    previous = name;

    await page.goto(`${server.url}/`);
    await expect
      .poll(() => page.locator('tr[data-cluster]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-cluster'))))
      .toEqual([name]);

    await page.goto(clusterPage);
    // The page follows the solve by itself (no reload here): wait until it says the recommendations are fresh.
    await page.locator('[data-recommendation-state="fresh"]').waitFor({ timeout: 60_000 });
    for (const slot of SLOTS) {
      const cell = page.locator(`td[data-slot="${slot}"][data-base-image]`);
      expect(await cell.getAttribute('data-base-image'), slot).toBe(expected[slot]?.base_image.version ?? '');
      expect((await cell.innerText()).split('\n')[0]).toBe(expected[slot]?.base_image.version ?? 'no valid image');
    }
    const want = expected.excluded_base_images;
    await page.getByRole('heading', { name: `Excluded base images (${want.length})` }).waitFor();
    const shown = await shownExclusions(page);
    expect(shown.map((x) => x.version)).toEqual(want.map((x) => x.version));

    const errorSets = referencePlan(catalog, world.cluster).errorSetsByBase;
    for (const [i, x] of shown.entries()) {
      const sets = errorSets.get(x.version) ?? [];
      const reasons = x.reasons as (ImageError & { text: string })[];
      const hits = (rs: ImageError[], set: ImageError[]) => rs.some((r) => set.some((e) => reasonMatches(r, e)));
      expect(reasons.length, `${x.version}: fewer reasons than the smallest set`).toBeGreaterThanOrEqual(want[i]!.reasons.length);
      for (const r of reasons) {
        expect(
          sets.some((s) => hits([r], s)),
          `${x.version}: unsound ${JSON.stringify(r)}`,
        ).toBe(true);
        // In words: the code as the badge reads it, and the host, device (PCI id) and item it concerns named.
        expect(r.text).toContain(r.code.toLowerCase().replace(/_/g, ' '));
        for (const named of [r.host, r.device, r.item?.split('@')[0]]) if (named) expect(r.text).toContain(named);
      }
      for (const s of sets) expect(hits(reasons, s), `${x.version}: reasons miss ${JSON.stringify(s)}`).toBe(true);
      for (const [j, r] of reasons.entries()) {
        const rest = reasons.filter((_, k) => k !== j);
        expect(
          sets.some((s) => !hits(rest, s)),
          `${x.version}: ${JSON.stringify(r)} is not needed`,
        ).toBe(true);
      }
    }
    if (!want.length) await page.getByText('None: every base image in the depot has a valid image for this cluster.').waitFor();
  });
});
