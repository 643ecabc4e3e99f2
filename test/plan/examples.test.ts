// The three example worlds of ../shared/examples give exactly their expected.json, on every engine.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { loadWorld, worldFiles } from '../../src/load/world.js';
import { ClusterPlan } from '../../src/plan/plan.js';
import { referencePlan } from '../../src/plan/reference.js';
import { ENGINE_NAMES, shutdownEngines } from '../../src/sat/registry.js';

const EXAMPLES = new URL('../../../shared/examples/', import.meta.url);
const WORLDS = ['world-a', 'world-b', 'world-c'];

function example(name: string) {
  const dir = new URL(`${name}/`, EXAMPLES).pathname;
  const world = loadWorld(worldFiles(dir));
  const expected = JSON.parse(readFileSync(`${dir}/expected.json`, 'utf8'));
  return { world, expected, catalog: new Catalog(world.depot, world.hcl) };
}

afterAll(async () => {
  await shutdownEngines();
});

describe.each(WORLDS)('%s', (name) => {
  it('reference gives expected.json', () => {
    const { world, expected, catalog } = example(name);
    const ref = referencePlan(catalog, world.cluster);
    expect(ref.recommendations).toEqual({ latest: expected.latest, current_series: expected.current_series, same_base: expected.same_base });
    expect(ref.combinations).toEqual(expected.combos);
    expect(ref.combinations.length).toBe(expected.count);
  });

  it.each(ENGINE_NAMES.map((e) => [e]))('engine %s gives expected.json', async (engine) => {
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
