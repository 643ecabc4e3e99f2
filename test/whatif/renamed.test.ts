// Without repairs, what-if answers are kept by hardware: a scenario whose hosts have the hardware
// of an earlier one, with other hosts first in their profiles, is answered from it with the
// reasons renamed. That answer must be the one a fresh recommend of its world gives.
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { withPlan } from '../../src/plan/plan.js';
import { shutdownEngines } from '../../src/sat/registry.js';
import { WhatifRunner } from '../../src/whatif/run.js';
import { isFailure } from '../../src/whatif/types.js';
import { asLoaded, Rng } from '../support/random-world.js';
import { loadedWorld, naiveApply, randomChange } from './support.js';

afterAll(async () => {
  await shutdownEngines();
});

describe('what-if answers kept by hardware', () => {
  it('name the hosts of the scenario asked, on 80 random worlds', { timeout: 300_000 }, async () => {
    let memo = 0;
    let renamed = 0;
    for (let seed = 1; seed <= 80; seed++) {
      const world = loadedWorld(seed);
      const r = new Rng(seed * 31);
      // a host with new hardware, added twice under two names in two scenarios
      const change = randomChange(r, world, 'host', { n: 0 });
      if (!change || !(change.op === 'set_firmware' || change.op === 'add_device' || change.op === 'remove_device')) continue;
      const changedHost = naiveApply(world, [change]).cluster.hosts.find((h) => h.name === change.host)!;
      const runner = await WhatifRunner.create(world, { engine: 'wasm', repairs: 0 });
      try {
        for (const name of ['twin-a', 'twin-b']) {
          const changes = [{ op: 'add_host' as const, host: { ...structuredClone(changedHost), name } }];
          const result = await runner.runLine(1, JSON.stringify({ name, changes }));
          const at = `seed ${seed} ${name} (${runner.lastPath}) ${JSON.stringify(change)}`;
          expect(isFailure(result), at).toBe(false);
          if (isFailure(result)) continue;
          const w = asLoaded(naiveApply(world, changes));
          const fresh = await withPlan(new Catalog(w.depot, w.hcl), w.cluster, { engine: 'wasm', repairs: 0 }, (plan) => plan.recommend());
          expect(result.excluded_base_images, at).toEqual(fresh.excluded_base_images);
          if (name === 'twin-b' && runner.lastPath === 'memo') {
            memo++;
            if (JSON.stringify(result.excluded_base_images).includes('host twin-b: ')) renamed++;
          }
        }
      } finally {
        runner.dispose();
      }
    }
    // the second twin was answered from the first, and reasons named it
    expect(memo).toBeGreaterThan(10);
    expect(renamed).toBeGreaterThan(5);
  });

  it('keep the order of the profiles, on 120 random worlds', { timeout: 300_000 }, async () => {
    // Without a profile's first host, its next host may come after another profile's first: a
    // base image both rule out whatever else is chosen is then explained by that other profile.
    let asked = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const loaded = loadedWorld(seed);
      const [first, ...rest] = loaded.cluster.hosts;
      if (!first || rest.length === 0) continue;
      // the first host's hardware again, last
      const hosts = [first, ...rest, { ...structuredClone(first), name: `${first.name}-twin` }];
      const world = { ...loaded, cluster: { ...loaded.cluster, hosts } };
      const runner = await WhatifRunner.create(world, { engine: 'wasm', repairs: 0 });
      try {
        const changes = [{ op: 'remove_host' as const, host: first.name }];
        const result = await runner.runLine(1, JSON.stringify({ name: 'without', changes }));
        const at = `seed ${seed} without ${first.name} (${runner.lastPath})`;
        expect(isFailure(result), at).toBe(false);
        if (isFailure(result)) continue;
        const w = asLoaded(naiveApply(world, changes));
        const fresh = await withPlan(new Catalog(w.depot, w.hcl), w.cluster, { engine: 'wasm', repairs: 0 }, (plan) => plan.recommend());
        expect(result.excluded_base_images, at).toEqual(fresh.excluded_base_images);
        asked++;
      } finally {
        runner.dispose();
      }
    }
    expect(asked).toBeGreaterThan(50);
  });
});
