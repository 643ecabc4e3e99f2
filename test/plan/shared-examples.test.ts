// The example worlds of ../shared/examples, when that folder is beside the repository (it is not in
// a plain clone): the reference and every engine give exactly their expected.json.
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { loadWorld, worldFiles } from '../../src/load/world.js';
import { ClusterPlan } from '../../src/plan/plan.js';
import { referencePlan } from '../../src/plan/reference.js';
import { ENGINE_NAMES, shutdownEngines } from '../../src/sat/registry.js';

const EXAMPLES = fileURLToPath(new URL('../../../shared/examples/', import.meta.url));
const present = fs.existsSync(EXAMPLES);
const WORLDS = present
  ? fs
      .readdirSync(EXAMPLES, { withFileTypes: true })
      .filter((e) => e.isDirectory() && fs.existsSync(`${EXAMPLES}${e.name}/expected.json`))
      .map((e) => e.name)
      .sort()
  : [];
if (!present)
  console.warn(`shared examples: ${EXAMPLES} is missing; their tests are skipped (test/fixtures/worlds covers the same ground)`);

function example(name: string) {
  const dir = `${EXAMPLES}${name}`;
  const world = loadWorld(worldFiles(dir));
  const expected = JSON.parse(fs.readFileSync(`${dir}/expected.json`, 'utf8'));
  return { world, expected, catalog: new Catalog(world.depot, world.hcl) };
}

afterAll(async () => {
  await shutdownEngines();
});

describe.skipIf(!present)('shared examples', () => {
  it('there are some', () => {
    expect(WORLDS.length).toBeGreaterThan(0);
  });

  describe.each(WORLDS)('%s', (name) => {
    it('reference gives expected.json', () => {
      const { world, expected, catalog } = example(name);
      const ref = referencePlan(catalog, world.cluster);
      expect(ref.recommendations).toEqual({
        latest: expected.latest,
        current_series: expected.current_series,
        same_base: expected.same_base,
      });
      expect(ref.combinations).toEqual(expected.combos);
      expect(ref.combinations.length).toBe(expected.count);
    });

    it.each(ENGINE_NAMES.map((e) => [e]))('engine %s gives expected.json', { timeout: 60_000 }, async (engine) => {
      const { world, expected, catalog } = example(name);
      const plan = await ClusterPlan.create(catalog, world.cluster, { engine });
      try {
        const rec = await plan.recommend();
        expect(rec.latest).toEqual(expected.latest);
        expect(rec.current_series).toEqual(expected.current_series);
        expect(rec.same_base).toEqual(expected.same_base);
        const all = await plan.enumerate();
        expect(all.count).toBe(expected.count);
        expect(all.combinations).toEqual(expected.combos);
      } finally {
        plan.dispose();
      }
    });
  });
});
