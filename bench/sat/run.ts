// `strata sat` against native MiniSat (Debian's `minisat`), side by side in one run: for each CNF
// the whole-process median of both (runs interleaved, so machine noise falls on both alike),
// their ratio, and the in-process time `strata sat` reports (read + solve) next to MiniSat's own
// CPU time. It checks that both give the same answer; it measures and asserts nothing about time.
//
//   npm run bench:sat [-- --runs 7] [--quick] [--save] [--baseline OTHER/bin/strata]
//
// `strata sat` is run as users run it: bin/strata, the launcher npm links as `strata`.
// --baseline times another build's launcher (or its bin/strata.js, run with this Node) in the same
// interleaved runs (before/after), and prints its geometric mean and sum-of-medians ratio to
// MiniSat next to Strata's.
//
// The CNFs: bench/sat/cnf/ (committed, see generate.ts) plus medium random 3-SAT generated at
// each run (skipped with --quick). Without `minisat` on the PATH only Strata's column is filled.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeResult } from '../output.js';
import { RANDOM_SIZES, randomSet } from './corpus.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin', 'strata');
const argv = process.argv.slice(2);
const runsArg = argv.indexOf('--runs');
const runs = runsArg >= 0 ? Number(argv[runsArg + 1]) : 7;
const quick = argv.includes('--quick');
const baselineArg = argv.indexOf('--baseline');
const baseline = baselineArg >= 0 ? argv[baselineArg + 1] : undefined;
/** No more runs of one file by one solver than fit in this budget (at least three). */
const BUDGET_MS = 15_000;

interface Timed {
  ms: number;
  answer: 'SAT' | 'UNSAT' | 'ERROR';
  /** the solver's own time, from its output */
  inner_ms?: number;
}

function timed(
  cmd: string,
  args: string[],
  parse: (r: ReturnType<typeof spawnSync>) => Omit<Timed, 'ms'>,
  env: NodeJS.ProcessEnv = process.env,
): Timed {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, env });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  return { ms, ...parse(r) };
}

function strata(file: string, which = bin): Timed {
  const [cmd, ...pre] = which.endsWith('.js') ? [process.execPath, which] : [which];
  return timed(cmd!, [...pre, 'sat', '--no-model', file], (r) => {
    const out = String(r.stdout);
    const s = /^s (SATISFIABLE|UNSATISFIABLE)$/m.exec(out);
    const t = /^c vars \d+ clauses \d+ time ([\d.]+) ms/m.exec(out);
    return {
      answer: r.status !== 0 || !s ? 'ERROR' : s[1] === 'SATISFIABLE' ? 'SAT' : 'UNSAT',
      inner_ms: t ? Number(t[1]) : undefined,
    };
  });
}

function minisat(file: string): Timed {
  return timed('minisat', ['-verb=1', file], (r) => {
    const t = /^CPU time\s*:\s*([\d.]+) s/m.exec(String(r.stdout));
    // MiniSat exits 10 when satisfiable, 20 when not
    return { answer: r.status === 10 ? 'SAT' : r.status === 20 ? 'UNSAT' : 'ERROR', inner_ms: t ? Number(t[1]) * 1000 : undefined };
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const hasMinisat = spawnSync('minisat', ['--help'], { stdio: 'ignore' }).error === undefined;
if (!hasMinisat) console.warn('minisat is not installed (Debian: apt-get install minisat): only strata sat is timed\n');

const committed = fileURLToPath(new URL('./cnf/', import.meta.url));
const files = readdirSync(committed)
  .filter((f) => f.endsWith('.cnf'))
  .sort()
  .map((f) => join(committed, f));
const tmp = mkdtempSync(join(tmpdir(), 'strata-bench-sat-'));
if (!quick) {
  for (const f of randomSet(RANDOM_SIZES.generated)) {
    writeFileSync(join(tmp, f.name), f.text);
    files.push(join(tmp, f.name));
  }
}

// the floor any Node program pays, measured in the same run; with NODE_EXTRA_CA_CERTS set Node
// reads certificates before any script runs, and bin/strata starts `strata sat` without it
const { NODE_EXTRA_CA_CERTS: caCerts, ...withoutCaCerts } = process.env;
const nodeFloor: number[] = [];
const bareFloor: number[] = [];
for (let i = 0; i < runs; i++) {
  nodeFloor.push(timed(process.execPath, ['-e', '0'], () => ({ answer: 'SAT' })).ms);
  if (caCerts !== undefined) bareFloor.push(timed(process.execPath, ['-e', '0'], () => ({ answer: 'SAT' }), withoutCaCerts).ms);
}

interface Row {
  file: string;
  kb: number;
  answer: string;
  runs: number;
  strata_ms: number;
  strata_inner_ms: number;
  minisat_ms?: number;
  minisat_cpu_ms?: number;
  baseline_ms?: number;
  /** strata whole-process median / minisat whole-process median */
  ratio?: number;
}

const rows: Row[] = [];
const mismatches: string[] = [];
for (const file of files) {
  const name = file.slice(file.lastIndexOf('/') + 1);
  const s: Timed[] = [];
  const m: Timed[] = [];
  const base: Timed[] = [];
  strata(file); // warm the file cache
  let spent = 0;
  for (let i = 0; i < runs && (i < 3 || spent < BUDGET_MS); i++) {
    const a = strata(file);
    s.push(a);
    spent += a.ms;
    if (baseline) {
      const c = strata(file, baseline);
      base.push(c);
      spent += c.ms;
    }
    if (hasMinisat) {
      const b = minisat(file);
      m.push(b);
      spent += b.ms;
    }
  }
  const answers = new Set([...s, ...m, ...base].map((t) => t.answer));
  const answer = answers.size === 1 ? [...answers][0]! : [...answers].join('≠');
  if (answers.size !== 1 || answers.has('ERROR')) mismatches.push(`${name}: ${answer}`);
  const row: Row = {
    file: name,
    kb: Math.round(readFileSync(file).length / 1024),
    answer,
    runs: s.length,
    strata_ms: median(s.map((t) => t.ms)),
    strata_inner_ms: median(s.map((t) => t.inner_ms ?? Number.NaN)),
  };
  if (baseline) row.baseline_ms = median(base.map((t) => t.ms));
  if (hasMinisat) {
    row.minisat_ms = median(m.map((t) => t.ms));
    row.minisat_cpu_ms = median(m.map((t) => t.inner_ms ?? Number.NaN));
    row.ratio = row.strata_ms / row.minisat_ms;
  }
  rows.push(row);
  process.stderr.write(
    `  ${name.padEnd(30)} ${answer.padEnd(6)} strata ${row.strata_ms.toFixed(0)} ms` +
      (hasMinisat ? `  minisat ${row.minisat_ms!.toFixed(0)} ms  ×${row.ratio!.toFixed(2)}` : '') +
      '\n',
  );
}
rmSync(tmp, { recursive: true, force: true });

const floor = caCerts === undefined ? median(nodeFloor) : median(bareFloor);
const f = (n: number | undefined): string => (n === undefined || Number.isNaN(n) ? '' : n >= 100 ? n.toFixed(0) : n.toFixed(1));
const geomean = (xs: number[]): number => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
const ratios = rows.flatMap((r) => (r.ratio === undefined ? [] : [r.ratio]));
console.log(`## strata sat vs native MiniSat — ${process.version}, median of up to ${runs} runs each\n`);
console.log(`node -e 0 (the floor of any Node program): ${f(floor)} ms\n`);
if (caCerts !== undefined) {
  console.log(
    `NODE_EXTRA_CA_CERTS is set: node -e 0 takes ${f(median(nodeFloor))} ms with it; ` +
      'bin/strata starts `strata sat` without it, and the floor above is measured so too\n',
  );
}
if (baseline) console.log(`baseline: ${baseline}\n`);
console.log(
  `| CNF | KB | answer | strata ms | above node -e 0 | strata in-process ms |${baseline ? ' baseline ms |' : ''} minisat ms | minisat CPU ms | × minisat |`,
);
console.log(`|---|---:|---|---:|---:|---:|${baseline ? '---:|' : ''}---:|---:|---:|`);
for (const r of rows) {
  console.log(
    `| ${r.file} | ${r.kb} | ${r.answer} | ${f(r.strata_ms)} | ${f(r.strata_ms - floor)} | ${f(r.strata_inner_ms)} |${baseline ? ` ${f(r.baseline_ms)} |` : ''} ${f(r.minisat_ms)} | ${f(r.minisat_cpu_ms)} | ${r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`} |`,
  );
}
if (ratios.length > 0) {
  const total = (k: 'strata_ms' | 'minisat_ms' | 'baseline_ms') => rows.reduce((a, r) => a + (r[k] ?? 0), 0);
  console.log(
    `\nWhole process, strata / minisat: geometric mean ${geomean(ratios).toFixed(2)}×, ` +
      `sum of medians ${(total('strata_ms') / total('minisat_ms')).toFixed(2)}× (target ≤ 1.5×)`,
  );
  if (baseline) {
    const baseRatios = rows.map((r) => r.baseline_ms! / r.minisat_ms!);
    console.log(
      `Whole process, baseline / minisat (same runs): geometric mean ${geomean(baseRatios).toFixed(2)}×, ` +
        `sum of medians ${(total('baseline_ms') / total('minisat_ms')).toFixed(2)}×`,
    );
  }
}
if (mismatches.length > 0) console.log(`\nANSWERS DIFFER: ${mismatches.join('; ')}`);
console.log(
  `\nWritten: ${writeResult(
    'sat',
    {
      node: process.version,
      runs,
      minisat: hasMinisat,
      baseline,
      node_floor_ms: floor,
      node_floor_with_ca_certs_ms: caCerts === undefined ? undefined : median(nodeFloor),
      rows,
      mismatches,
    },
    process.argv,
  )}`,
);
if (mismatches.length > 0) process.exitCode = 1;
