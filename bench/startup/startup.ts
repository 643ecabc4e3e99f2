// Whole-process start-up of the `strata` command, next to `node -e 0` measured in the same run:
// the floor any Node program pays. It measures and asserts nothing.
//
//   npm run bench:startup [-- --runs 15] [--save]
//
// Rows: `strata --help`, `strata recommend` on the shipped Dell example, and `strata sat` on a
// small CNF, each as a median of whole-process wall times, with its ratio to `node -e 0`. They run
// bin/strata, the command npm links; with NODE_EXTRA_CA_CERTS set, a row of `node -e 0` without
// it shows what that variable costs every Node process (bin/strata drops it for every command
// but `serve`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeResult } from '../output.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin', 'strata');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 15;

// a small satisfiable CNF: a chain of implications with a few free variables
const cnfDir = mkdtempSync(join(tmpdir(), 'strata-startup-'));
const cnf = join(cnfDir, 'chain.cnf');
const n = 50;
const clauses = Array.from({ length: n - 1 }, (_, i) => `-${i + 1} ${i + 2} 0`);
writeFileSync(cnf, `p cnf ${n} ${clauses.length + 1}\n1 0\n${clauses.join('\n')}\n`);

const { NODE_EXTRA_CA_CERTS: caCerts, ...withoutCaCerts } = process.env;
const node = process.execPath;
const cases: { name: string; cmd: string; args: string[]; env?: NodeJS.ProcessEnv }[] = [
  { name: 'node -e 0', cmd: node, args: ['-e', '0'] },
  ...(caCerts === undefined ? [] : [{ name: 'node -e 0 without NODE_EXTRA_CA_CERTS', cmd: node, args: ['-e', '0'], env: withoutCaCerts }]),
  { name: 'strata --help', cmd: bin, args: ['--help'] },
  { name: 'strata recommend (examples/dell-r750)', cmd: bin, args: ['recommend', '--world', join(root, 'examples', 'dell-r750')] },
  {
    name: 'strata recommend --json (examples/hpe-gen11)',
    cmd: bin,
    args: ['recommend', '--world', join(root, 'examples', 'hpe-gen11'), '--json'],
  },
  { name: 'strata sat (50 variables)', cmd: bin, args: ['sat', cnf] },
];

function once(c: (typeof cases)[number]): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(c.cmd, c.args, { stdio: ['ignore', 'ignore', 'pipe'], env: c.env ?? process.env });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${c.name} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

// interleave the cases so that machine noise falls on all of them alike
const times = new Map(cases.map((c) => [c.name, [] as number[]]));
for (const c of cases) once(c); // warm the file cache
for (let i = 0; i < runs; i++) for (const c of cases) times.get(c.name)!.push(once(c));

const floor = median(times.get('node -e 0')!);
const rows = cases.map((c) => {
  const m = median(times.get(c.name)!);
  return { task: c.name, median_ms: Math.round(m * 10) / 10, ratio_to_node: Math.round((m / floor) * 100) / 100 };
});
console.log(`## strata start-up — ${runs} runs each, ${process.version}\n`);
console.log('| task | median ms | × node -e 0 |\n|---|---:|---:|');
for (const r of rows) console.log(`| ${r.task} | ${r.median_ms} | ${r.ratio_to_node} |`);
console.log(`\nWritten: ${writeResult('startup', { node: process.version, runs, rows })}`);
