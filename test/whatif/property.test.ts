// Every scenario's answer equals the brute-force reference on the mutated world: random worlds,
// random scenarios of every kind (hosts, devices, firmware, HCL rows and servers, depot items,
// the desired image), both the incremental and the fresh path.
import { afterAll, describe, expect, it } from 'vitest';
import type { ImageError, World } from '../../src/model/types.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { referencePlan } from '../../src/plan/reference.js';
import { withPlan } from '../../src/plan/plan.js';
import { errorKey } from '../../src/image/validate.js';
import { DEFAULT_ENGINE, shutdownEngines } from '../../src/sat/registry.js';
import type { EngineName } from '../../src/sat/engine.js';
import { WhatifRunner } from '../../src/whatif/run.js';
import { canonicalJson } from '../../src/util/canonical-json.js';
import { SLOTS } from '../../src/model/slots.js';
import { isFailure, type ScenarioOutcome } from '../../src/whatif/types.js';
import { asLoaded, Rng } from '../support/random-world.js';
import { loadedWorld, randomScenario } from './support.js';

const WORLDS = Number(process.env.STRATA_WHATIF_WORLDS ?? 160);
const SCENARIOS = 6;

function matches(reason: ImageError, error: ImageError): boolean {
  return (
    reason.code === error.code &&
    (reason.host === undefined || reason.host === error.host) &&
    (reason.device === undefined || reason.device === error.device) &&
    (reason.item === undefined || reason.item === error.item)
  );
}

function checkAgainstReference(at: string, out: ScenarioOutcome, world: World, baseline: ReturnType<typeof referencePlan>): number {
  const ref = referencePlan(new Catalog(world.depot, world.hcl), world.cluster);
  expect(out.latest, `${at} latest`).toEqual(ref.recommendations.latest);
  expect(out.current_series, `${at} current_series`).toEqual(ref.recommendations.current_series);
  expect(out.same_base, `${at} same_base`).toEqual(ref.recommendations.same_base);
  expect(
    out.excluded_base_images.map((x) => x.version),
    `${at} excluded`,
  ).toEqual(ref.excludedBases);
  let reasons = 0;
  for (const x of out.excluded_base_images) {
    const sets = ref.errorSetsByBase.get(x.version) ?? [];
    for (const reason of x.reasons) {
      expect(
        sets.some((s) => s.some((e) => matches(reason, e))),
        `${at} ${x.version}: unsound reason ${JSON.stringify(reason)}`,
      ).toBe(true);
      // a reused or re-encoded reason carries the message of the error it stands for
      const same = sets
        .flat()
        .filter((e) => e.code === reason.code && e.host === reason.host && e.device === reason.device && e.item === reason.item);
      if (reason.code === 'DEVICE_NOT_LISTED' || reason.code === 'HARDWARE_NOT_COVERED') {
        expect(same.length, `${at} ${x.version}: reason without an equal error ${JSON.stringify(reason)}`).toBeGreaterThan(0);
      }
    }
    for (const s of sets) {
      expect(
        x.reasons.some((reason) => s.some((e) => matches(reason, e))),
        `${at} ${x.version}: reasons miss ${JSON.stringify(s)}`,
      ).toBe(true);
    }
    reasons += x.reasons.length;
  }
  const changed = SLOTS.filter((slot) => canonicalJson(ref.recommendations[slot]) !== canonicalJson(baseline.recommendations[slot]));
  expect(out.changed, `${at} changed`).toEqual(changed);
  return reasons;
}

afterAll(async () => {
  await shutdownEngines();
});

describe('what-if scenarios against the reference on the mutated world', () => {
  const engine: EngineName = DEFAULT_ENGINE;
  // without repairs, answers are kept by hardware alone and hosts named afresh: a path of its own
  it.each([
    [WORLDS, 1],
    [Math.ceil(WORLDS / 3), 0],
  ])(`agrees on %i random worlds × ${SCENARIOS} scenarios (${engine}), repairs %i`, { timeout: 600_000 }, async (worlds, repairs) => {
    const totals = {
      scenarios: 0,
      incremental: 0,
      memo: 0,
      restricted: 0,
      fresh: 0,
      changed: 0,
      reasons: 0,
      rebuilds: 0,
      messages: 0,
      explainedAlike: 0,
    };
    for (let seed = 1; seed <= worlds; seed++) {
      const world = loadedWorld(seed);
      const before = JSON.stringify(world);
      const baselineRef = referencePlan(new Catalog(world.depot, world.hcl), world.cluster);
      // a small profile budget so that rebuilds of the incremental state happen too
      const runner = await WhatifRunner.create(world, { engine, repairs, maxExtraProfiles: seed % 3 === 0 ? 2 : 64 });
      try {
        expect(runner.baseline.latest, `seed ${seed} baseline`).toEqual(baselineRef.recommendations.latest);
        const r = new Rng(seed * 7919);
        for (let k = 0; k < SCENARIOS; k++) {
          const { changes, world: mutated } = randomScenario(r, world, k);
          const line = JSON.stringify({ name: `s${k}`, changes });
          const result = await runner.runLine(k + 1, line);
          const at = `seed ${seed} scenario ${k} (${runner.lastPath}) ${line}`;
          expect(isFailure(result), `${at}: ${JSON.stringify(result)}`).toBe(false);
          if (isFailure(result)) continue;
          expect(result.name).toBe(`s${k}`);
          const w = asLoaded(mutated);
          totals.reasons += checkAgainstReference(at, result, w, baselineRef);
          if (runner.lastPath !== 'fresh' && result.excluded_base_images.length) {
            // explained alike: a fresh recommend on the mutated world gives the same excluded base
            // images, reasons (hosts included) and repair plans
            const fresh = await withPlan(new Catalog(w.depot, w.hcl), w.cluster, { engine, repairs }, (plan) => plan.recommend());
            expect(result.excluded_base_images, `${at}: excluded base images, reasons and repairs as a fresh recommend`).toEqual(
              fresh.excluded_base_images,
            );
            totals.explainedAlike++;
            const messages = new Map(
              fresh.excluded_base_images.flatMap((x) => x.reasons.map((e) => [`${x.version} ${errorKey(e)}`, e.message])),
            );
            for (const x of result.excluded_base_images) {
              for (const e of x.reasons) {
                const m = messages.get(`${x.version} ${errorKey(e)}`);
                if (m !== undefined) {
                  expect(e.message, `${at} message of ${errorKey(e)}`).toBe(m);
                  totals.messages++;
                }
              }
            }
          }
          if (result.changed.length) totals.changed++;
          totals.scenarios++;
        }
        totals.incremental += runner.stats.incremental;
        totals.memo += runner.stats.memo;
        totals.restricted += runner.stats.restricted;
        totals.fresh += runner.stats.fresh;
        totals.rebuilds += runner.stats.rebuilds;
      } finally {
        runner.dispose();
      }
      // copy-on-write: the baseline world is never edited
      expect(JSON.stringify(world), `seed ${seed}: baseline world modified`).toBe(before);
    }
    console.log(`what-if property: ${JSON.stringify(totals)}`);
    expect(totals.incremental).toBeGreaterThan(0);
    expect(totals.memo).toBeGreaterThan(0);
    expect(totals.restricted).toBeGreaterThan(0);
    expect(totals.fresh).toBeGreaterThan(0);
    expect(totals.rebuilds).toBeGreaterThan(0);
    expect(totals.messages).toBeGreaterThan(0);
    expect(totals.explainedAlike).toBeGreaterThan(worlds / 2);
    expect(totals.changed).toBeGreaterThan(totals.scenarios / 10);
    expect(totals.changed).toBeLessThan(totals.scenarios);
  });
});
