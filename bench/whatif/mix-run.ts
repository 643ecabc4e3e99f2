// The what-if rows of bench/run.ts: a seeded mix of scenarios where 5% change the depot or the
// desired image, answered in this thread and as `strata whatif --jobs 2` does (this thread, and a
// worker when the run is long), next to the JSON.parse floor of the
// world's texts and the scenario lines. Answers without repair plans (`strata whatif --repairs 0`:
// recommendations and reasons) on the whole mix; with one repair plan per excluded base image (the
// CLI's default) on its first REPAIRS_SCENARIOS lines, since each answer then plans repairs.
// Without repairs, the mix also runs in this thread with its depot and desired-image changes
// planned afresh (as before they were answered on the kept encoding, src/whatif/restrict.ts);
// the mean time of such a scenario is recorded for the runs in this thread.
import { availableParallelism } from 'node:os';
import type { World } from '../../src/model/types.js';
import type { EngineName } from '../../src/sat/engine.js';
import { startWhatif } from '../../src/whatif/session.js';
import { scenarioMix } from './mix.js';
import { parseScenarioLine, type ScenarioLine } from '../../src/whatif/scenario.js';

/** Scenarios of the mix answered with repair plans. */
const REPAIRS_SCENARIOS = 100;

export interface WhatifBench {
  run: string;
  /** repair plans per excluded base image in each answer */
  repairs: number;
  scenarios: number;
  total_ms: number;
  /** from the start to the first answer: loading, the baseline, workers starting */
  first_ms: number;
  per_s: number;
  floor_ms: number;
  /** in this thread: mean ms of a scenario that changes the depot or the desired image */
  depot_change_ms?: number;
}

/** Whether a line changes the depot or the desired image. */
function changesDepot(l: ScenarioLine): boolean {
  const p = parseScenarioLine(l.text, l.line, 'mix');
  return p.ok && p.scenario.changes.some((c) => c.op === 'depot_add' || c.op === 'depot_remove' || c.op === 'set_desired');
}

export async function benchWhatif(world: World, n: number, engine: EngineName, seed: number): Promise<WhatifBench[]> {
  const lines = scenarioMix(world, n, seed + 7, 0.05);
  const worldTexts = [JSON.stringify(world.depot), JSON.stringify(world.hcl), JSON.stringify(world.cluster)];
  const floorOf = (asked: readonly ScenarioLine[]) => {
    const texts = [...worldTexts, ...asked.map((l) => l.text)];
    let floor = Infinity;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      for (const text of texts) JSON.parse(text);
      floor = Math.min(floor, performance.now() - t);
    }
    return floor;
  };
  const out: WhatifBench[] = [];
  for (const repairs of [0, 1]) {
    const asked = repairs ? lines.slice(0, REPAIRS_SCENARIOS) : lines;
    const floor = floorOf(asked);
    const depot = asked.map(changesDepot);
    const runs = [
      // with repairs, a depot change's cost is its repair search either way (3.3 s afresh, 3.0 s on the kept encoding, once measured)
      ...(repairs ? [] : [{ jobs: 1, afresh: true }]),
      { jobs: 1, afresh: false },
      ...(availableParallelism() > 1 ? [{ jobs: 2, afresh: false }] : []),
    ];
    for (const { jobs, afresh } of runs) {
      const started = performance.now();
      // workers run the compiled dist/whatif/worker.js
      // as `strata whatif` runs them: this thread answers too
      const session = await startWhatif(world, asked, {
        jobs,
        minParallel: 1,
        inThread: true,
        engine,
        runner: { repairs, noRestricted: afresh },
      });
      // in this thread a line is answered when asked for: the time between results is its own
      let depotMs = 0;
      let i = 0;
      let last = performance.now();
      let first = 0;
      for await (const _ of session.results()) {
        const now = performance.now();
        if (i === 0) first = now - started;
        if (depot[i++]) depotMs += now - last;
        last = now;
      }
      await session.close();
      const ms = performance.now() - started;
      const scenarios = asked.length;
      const run = jobs === 1 ? `1 thread${afresh ? ', depot changes planned afresh' : ''}` : `--jobs ${jobs} (workers only for long runs)`;
      const changes = depot.filter(Boolean).length;
      out.push({
        run,
        repairs,
        scenarios,
        total_ms: ms,
        first_ms: first,
        per_s: (scenarios * 1000) / ms,
        floor_ms: floor,
        ...(jobs === 1 && changes ? { depot_change_ms: depotMs / changes } : {}),
      });
    }
  }
  return out;
}
