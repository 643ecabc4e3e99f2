import { generateFleet, PRESETS } from '../generate/world.js';
import { startWhatif } from '../../src/whatif/session.js';
import { scenarioMix } from '../whatif/mix.js';
const fleet = generateFleet(PRESETS.vendor, 1);
const world = { depot: fleet.depot, hcl: fleet.hcl, cluster: fleet.clusters[0]! };
const n = Number(process.argv[2] ?? 1000);
const jobs = Number(process.argv[3] ?? 1);
const lines = scenarioMix(world, n, 1 + 7, 0.05);
const kinds = lines.map((l) => (JSON.parse(l.text).changes[0]?.op ?? 'none') as string);
const t0 = performance.now();
const session = await startWhatif(world, lines, { jobs, minParallel: 1, engine: 'wasm', runner: { repairs: 0 } });
let i = 0; let last = performance.now(); const per = new Map<string, number[]>();
let first = 0;
for await (const _ of session.results()) {
  const now = performance.now();
  if (i === 0) first = now - t0;
  else { const k = kinds[i]!; if (!per.has(k)) per.set(k, []); per.get(k)!.push(now - last); }
  last = now; i++;
}
await session.close();
const total = performance.now() - t0;
console.log(`${n} scenarios jobs ${jobs}: ${total.toFixed(0)} ms, ${(n / total * 1000).toFixed(0)}/s; first result after ${first.toFixed(0)} ms; steady ${((n - 1) / (total - first) * 1000).toFixed(0)}/s`);
if (jobs === 1) for (const [k, v] of [...per].sort((a, b) => b[1].reduce((x, y) => x + y) - a[1].reduce((x, y) => x + y))) {
  const s = v.reduce((x, y) => x + y); v.sort((a, b) => a - b);
  console.log(k.padEnd(28), String(v.length).padStart(5), 'sum', s.toFixed(0).padStart(6), 'mean', (s / v.length).toFixed(2).padStart(7), 'p50', v[v.length >> 1]!.toFixed(2), 'max', v[v.length - 1]!.toFixed(1));
}
