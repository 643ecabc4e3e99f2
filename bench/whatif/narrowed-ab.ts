// The cost of depot and desired-image changes in the what-if mix, before and after they are
// answered on the kept encoding: one thread, the same seeded mix, the two runners interleaved
// round by round (the machine is shared: a round of each, in turn, meets the same load). Times
// are this process's CPU time (less sensitive to other processes than wall time).
//
//   npx tsx bench/whatif/narrowed-ab.ts [--preset vendor] [--scenarios 1000] [--rounds 3] [--repairs 0]
import { generateFleet, PRESETS, type PresetName } from '../generate/world.js';
import type { World } from '../../src/model/types.js';
import { shutdownEngines } from '../../src/sat/registry.js';
import { WhatifRunner } from '../../src/whatif/run.js';
import { parseScenarioLine } from '../../src/whatif/scenario.js';
import { scenarioMix } from './mix.js';

const argv = process.argv.slice(2);
const arg = (name: string, def: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : def;
};
const preset = arg('preset', 'vendor') as PresetName;
const n = Number(arg('scenarios', '1000'));
const rounds = Number(arg('rounds', '3'));
const repairs = Number(arg('repairs', '0'));

const fleet = generateFleet(PRESETS[preset], 1);
const world: World = { depot: fleet.depot, hcl: fleet.hcl, cluster: fleet.clusters[0]! };
const lines = scenarioMix(world, n, 8, 0.05);
const isDepotChange = lines.map((l) => {
  const p = parseScenarioLine(l.text, l.line, 'mix');
  return p.ok && p.scenario.changes.some((c) => c.op === 'depot_remove' || c.op === 'set_desired');
});

interface Tally {
  total: number;
  depotMs: number;
  depot: number;
  otherMs: number;
  paths: Record<string, number>;
  /** the other scenarios: path → [count, ms] */
  others: Record<string, [number, number]>;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function run(noRestricted: boolean): Promise<Tally> {
  const started = cpuMs();
  const runner = await WhatifRunner.create(world, { repairs, noRestricted });
  const t: Tally = { total: 0, depotMs: 0, depot: 0, otherMs: 0, paths: {}, others: {} };
  for (const [i, l] of lines.entries()) {
    const t0 = cpuMs();
    await runner.runLine(l.line, l.text);
    const ms = cpuMs() - t0;
    if (isDepotChange[i]) {
      t.depotMs += ms;
      t.depot++;
      t.paths[runner.lastPath] = (t.paths[runner.lastPath] ?? 0) + 1;
    } else {
      t.otherMs += ms;
      const o = (t.others[runner.lastPath] ??= [0, 0]);
      o[0]++;
      o[1] += ms;
    }
  }
  runner.dispose();
  t.total = cpuMs() - started;
  return t;
}

const rows: string[] = [];
for (let r = 0; r < rounds; r++) {
  for (const noRestricted of r % 2 ? [true, false] : [false, true]) {
    const t = await run(noRestricted);
    rows.push(
      `${noRestricted ? 'before (fresh)' : 'after (kept) '} round ${r + 1}: ${((n * 1000) / t.total).toFixed(0)} scenarios per CPU s, ` +
        `${t.depot} depot/desired changes ${(t.depotMs / t.depot).toFixed(2)} ms each (${JSON.stringify(t.paths)}), ` +
        `others ${(t.otherMs / (n - t.depot)).toFixed(3)} ms each (${Object.entries(t.others)
          .map(([path, [k, ms]]) => `${path} ${k} × ${(ms / k).toFixed(2)} ms`)
          .join(', ')})`,
    );
    process.stdout.write(`${rows[rows.length - 1]}\n`);
  }
}
await shutdownEngines();
