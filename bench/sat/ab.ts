// A/B of two builds of the wasm engine in one process, on fresh random 3-SAT (seeds not in the
// committed set): conflicts and propagations (deterministic, so noise-free) and time (each
// instance solved by A then B, alternating, so machine load falls on both alike).
//
//   npx tsx bench/sat/ab.ts A.wasm B.wasm [--sizes 175,200,225] [--seeds 20] [--base 7000] [--committed]
import { readFileSync } from 'node:fs';
import { randomSet } from './corpus.js';
import { random3Sat } from './random-cnf.js';

interface Ex {
  memory: { buffer: ArrayBuffer };
  allocBytes(n: number): number;
  freeBytes(p: number, n: number): void;
  readDimacs(p: number, n: number): number;
  solve(n: number): number;
  statConflicts(): number;
  statPropagations(): number;
}
const WA = (
  globalThis as unknown as {
    WebAssembly: { Module: new (b: Uint8Array) => object; Instance: new (m: object, i: object) => { exports: object } };
  }
).WebAssembly;

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1]! : dflt);
const files = argv.filter((a, i) => a.endsWith('.wasm') && !argv[i - 1]?.startsWith('--'));
const sizes = opt('--sizes', '175,200,225').split(',').map(Number);
const seeds = Number(opt('--seeds', '20'));
const base = Number(opt('--base', '7000'));
const modules = files.map((f) => new WA.Module(readFileSync(f)));

function run(m: object, bytes: Uint8Array): { sat: number; conflicts: number; props: number; ms: number } {
  const t = process.hrtime.bigint();
  const x = new WA.Instance(m, {
    env: {
      abort() {
        throw new Error('abort');
      },
    },
  }).exports as Ex;
  const p = x.allocBytes(bytes.length);
  new Uint8Array(x.memory.buffer, p, bytes.length).set(bytes);
  if (x.readDimacs(p, bytes.length) !== 0) throw new Error('bad dimacs');
  x.freeBytes(p, bytes.length);
  const sat = x.solve(0);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  return { sat, conflicts: x.statConflicts(), props: x.statPropagations(), ms };
}

const tot = modules.map(() => ({ conflicts: 0, props: 0, ms: 0, satMs: 0, unsatMs: 0, satC: 0, unsatC: 0 }));
let nSat = 0;
let n = 0;
// --committed: the bench's own random set (seeds 1..3) instead of fresh instances
const texts = argv.includes('--committed')
  ? randomSet(sizes).map((f) => f.text)
  : sizes.flatMap((size) => Array.from({ length: seeds }, (_, s) => random3Sat(size, base + s * 7919 + size)));
for (const text of texts) {
  const bytes = new TextEncoder().encode(text);
  const rs = modules.map((m) => run(m, bytes));
  if (rs.some((r) => r.sat !== rs[0]!.sat)) throw new Error(`answers differ: ${text.slice(0, 60)}`);
  n++;
  if (rs[0]!.sat === 1) nSat++;
  rs.forEach((r, i) => {
    const t = tot[i]!;
    t.conflicts += r.conflicts;
    t.props += r.props;
    t.ms += r.ms;
    if (r.sat === 1) {
      t.satMs += r.ms;
      t.satC += r.conflicts;
    } else {
      t.unsatMs += r.ms;
      t.unsatC += r.conflicts;
    }
  });
}
console.log(`${n} instances (${nSat} SAT), sizes ${sizes.join(',')}, base seed ${base}`);
tot.forEach((t, i) =>
  console.log(
    `${files[i]}: conflicts ${t.conflicts} (SAT ${t.satC}, UNSAT ${t.unsatC}) props ${(t.props / 1e6).toFixed(1)}M ` +
      `time ${t.ms.toFixed(0)} ms (SAT ${t.satMs.toFixed(0)}, UNSAT ${t.unsatMs.toFixed(0)})`,
  ),
);
