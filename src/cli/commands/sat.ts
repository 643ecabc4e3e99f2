// `strata sat FILE.cnf`: runs Strata's own CDCL engine on a DIMACS CNF file and prints the
// answer the way SAT-competition solvers do (but exits 0: Strata's exit codes mean ok / bad input).
import { readFileSync } from 'node:fs';
import { UsageError, type Command } from '../command.js';
import { parseArgs } from '../args.js';
import { createWasmEngineSync } from '../../sat/wasm.js';

const help = `strata sat — solve a DIMACS CNF file with Strata's WebAssembly CDCL engine

Usage: strata sat FILE.cnf [--assume LITS] [--priority LITS] [--no-model]

The file is DIMACS CNF: "c" comment lines, a header "p cnf VARIABLES CLAUSES", then clauses
as literals ended by 0 (3 means variable 3 true, -3 means it false). A "%" line ends the file.

Options:
  --assume LITS    literals that must hold for this solve only, comma-separated: --assume 1,-5
                   When the answer is UNSATISFIABLE, the line "c failed assumptions: ..." names
                   the assumptions responsible (a subset that is unsatisfiable with the clauses).
  --priority LITS  prefer these literals, earliest first: the model printed is the
                   lexicographically greatest under this list (among those meeting --assume).
  --no-model       print only the "s" line (no "v" lines with the model).

Output (SAT-competition style):
  c vars 20 clauses 91 time 3 ms     comment lines start with "c"
  s SATISFIABLE                       or "s UNSATISFIABLE"
  v 1 -2 3 ... 0                      the model, wrapped at 80 columns, ended by 0

Exit codes: 0 when solved (SATISFIABLE or UNSATISFIABLE alike), 2 for a bad file or option.

Examples:
  strata sat uf20-01.cnf
  strata sat problem.cnf --assume 1,-5 --no-model
  strata sat plan.cnf --priority 7,3,-12`;

function parseLits(text: string, flag: string, numVars: number): number[] {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return parts.map((s) => {
    if (!/^-?\d+$/.test(s) || Number(s) === 0) {
      throw new UsageError(`--${flag}: ${JSON.stringify(s)} is not a literal (a nonzero integer such as 5 or -5)`);
    }
    const lit = Number(s);
    if (Math.abs(lit) > numVars) {
      throw new UsageError(`--${flag}: literal ${lit} names variable ${Math.abs(lit)}, but the file has ${numVars} variables`);
    }
    return lit;
  });
}

/** Milliseconds: the global `performance` loads perf_hooks on first use, some ms of a small run. */
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Model lines: "v" then literals, wrapped before 80 columns, the last line ended by 0. */
export function formatModel(lits: ArrayLike<number>, width = 80): string[] {
  const lines: string[] = [];
  let line = 'v';
  const push = (token: string): void => {
    if (line.length + 1 + token.length > width && line !== 'v') {
      lines.push(line);
      line = 'v';
    }
    line += ` ${token}`;
  };
  for (let i = 0; i < lits.length; i++) push(String(lits[i]));
  push('0');
  lines.push(line);
  return lines;
}

/**
 * Solves as `strata sat ARGS` and hands the output to `print` as one text (lines without the
 * last newline). The one-shot entry (sat-main.ts) prints with a synchronous write to fd 1.
 */
export async function runSat(args: string[], print: (text: string) => void): Promise<number> {
  const parsed = parseArgs(args, { values: ['assume', 'priority'], booleans: ['no-model'] });
  if (parsed.positionals.length !== 1) {
    throw new UsageError(parsed.positionals.length === 0 ? 'name one DIMACS CNF file' : `one file only, got ${parsed.positionals.length}`);
  }
  const file = parsed.positionals[0]!;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const started = now();
  // synchronous reads and compile: a one-shot process has nothing to overlap them with
  const engine = createWasmEngineSync();
  try {
    // the module reads the file into its clause database; only a malformed file is read
    // again by the JS reader, for its errors with line numbers
    const numClauses = engine.readDimacs(bytes);
    if (numClauses === null) {
      (await import('../../sat/dimacs.js')).parseDimacs(bytes, file);
      throw new Error(`the engine's DIMACS reader rejected ${file}, which the JS reader accepts`);
    }
    const numVars = engine.numVars;
    const read = now();
    const assume = parsed.values.has('assume') ? parseLits(parsed.values.get('assume')!, 'assume', numVars) : [];
    const priority = parsed.values.has('priority') ? parseLits(parsed.values.get('priority')!, 'priority', numVars) : [];
    if (priority.length > 0) engine.setPriority(priority);
    const sat = engine.solve(assume);
    const done = now();
    const ms = done - started;
    const fmt = (t: number) => t.toFixed(t < 10 ? 2 : 0);
    const stats = engine.stats();
    const out: string[] = [
      `c vars ${numVars} clauses ${numClauses} time ${fmt(ms)} ms (read ${fmt(read - started)} ms, solve ${fmt(done - read)} ms)`,
      `c conflicts ${stats.conflicts} decisions ${stats.decisions} propagations ${stats.propagations}`,
    ];
    if (sat) {
      out.push('s SATISFIABLE');
      if (!parsed.booleans.has('no-model')) out.push(...formatModel(engine.modelLits()));
    } else {
      out.push('s UNSATISFIABLE');
      if (assume.length > 0) {
        const failed = engine.failedAssumptions();
        out.push(
          failed.length > 0 ? `c failed assumptions: ${failed.join(' ')}` : 'c failed assumptions: none (unsatisfiable without them)',
        );
      }
    }
    print(out.join('\n'));
    return 0;
  } finally {
    engine.dispose();
  }
}

export const satCommand: Command = {
  name: 'sat',
  help,
  run: (args) => runSat(args, (text) => console.log(text)),
};
