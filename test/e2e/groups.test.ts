// The image groups on the cluster page, in a real browser: a Dell + HPE cluster that one image cannot
// serve shows the fewest groups (with a link to the JSON answer); accepting them (token dialog)
// makes a desired state with an alternative image, and the page then shows each group's classes,
// hosts and recommendations.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureWorld, launchBrowser, loadWorld, type Server, screenshots, skipE2e, startServer, TOKEN } from './harness.js';

const world = fixtureWorld('mixed-dell-hpe');
const NAME = world.cluster.name as string;

describe.skipIf(skipE2e)('image groups on the cluster page (Chromium)', { timeout: 120_000 }, () => {
  let server: Server;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    const rec = (await loadWorld(server, world, [world.cluster])).get(NAME)!;
    expect(rec.status).toBe('READY');
    expect(rec.latest).toBeNull();
    browser = await launchBrowser();
    page = await browser.context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the groups when one image is not enough, accepts them, then shows each group', async () => {
    const answer = await (await server.api('GET', `/api/clusters/${NAME}/software/groups`)).json();
    expect(answer.groups).toHaveLength(2);
    await page.goto(`${server.url}/clusters/${NAME}`);
    await page.getByRole('heading', { name: 'One image is not enough: image groups' }).waitFor();
    const table = page.locator('table.groups');
    await table.waitFor();
    const text = await table.innerText();
    for (const g of answer.groups) {
      for (const c of g.classes) expect(text).toContain(`${c.vendor} ${c.model}`);
      for (const h of g.hosts) expect(text).toContain(h);
      expect(text).toContain(g.latest.base_image.version);
    }
    expect(await page.getByRole('link', { name: 'the groups answer as JSON' }).getAttribute('href')).toBe(
      `/api/clusters/${NAME}/software/groups`,
    );
    await screenshots(page, 'cluster-groups-answer');

    await page.getByRole('button', { name: 'Accept these 2 image groups' }).click();
    const dialog = page.getByRole('dialog', { name: 'API token' });
    await dialog.waitFor();
    await dialog.getByLabel('Token').fill(TOKEN);
    await dialog.getByRole('button', { name: 'Use token' }).click();
    await page.locator('.notice', { hasText: 'Accepted the image groups' }).waitFor();

    const desired = await (await server.api('GET', `/api/clusters/${NAME}/software`)).json();
    expect(desired.alternatives.map((a: any) => a.classes)).toEqual([answer.groups[1].classes]);
    await page.getByRole('heading', { name: 'Image groups (2)' }).waitFor({ timeout: 60_000 });
    for (const [i, g] of answer.groups.entries()) {
      const section = page.locator('section.recommendations', {
        has: page.getByRole('heading', { name: i === 0 ? 'Default image' : `Alternative image ${i}` }),
      });
      const members = await section.locator('.group-members').innerText();
      for (const h of g.hosts) expect(members).toContain(h);
      expect(await section.locator('table.images').innerText()).toContain(g.latest.base_image.version);
    }
    expect(await page.getByRole('heading', { name: 'One image is not enough: image groups' }).count()).toBe(0);
    await screenshots(page, 'cluster-groups');
  });
});
