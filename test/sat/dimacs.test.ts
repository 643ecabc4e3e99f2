import { describe, expect, it } from 'vitest';
import { dimacsClauses, formatDimacs, parseDimacs } from '../../src/sat/dimacs.js';
import { InputError } from '../../src/load/errors.js';
import { createWasmEngine, type WasmSatEngine } from '../../src/sat/wasm.js';
import { random3Sat } from '../../bench/sat/random-cnf.js';
import { mulberry32 } from './helpers.js';

function problemsOf(text: string): string[] {
  try {
    parseDimacs(text, 'f.cnf');
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).problems.map((p) => `${p.file}: ${p.path}: ${p.message}`);
  }
  throw new Error('expected an InputError');
}

describe('parseDimacs', () => {
  it('reads comments, the header and clauses spanning lines', () => {
    const cnf = parseDimacs('c a comment\np cnf 3 3\n1 -2 0 2\n3 0\n\t-1 -3\n0\n');
    expect(cnf.numVars).toBe(3);
    expect(dimacsClauses(cnf).map((c) => Array.from(c))).toEqual([
      [1, -2],
      [2, 3],
      [-1, -3],
    ]);
  });

  it('stops at a % line (SATLIB files)', () => {
    const cnf = parseDimacs('p cnf 2 1\n1 2 0\n%\n0\n\n');
    expect(cnf.numClauses).toBe(1);
    expect(Array.from(cnf.lits)).toEqual([1, 2, 0]);
  });

  it('accepts an empty clause and CRLF line ends', () => {
    const cnf = parseDimacs('p cnf 1 2\r\n0\r\n1 0\r\n');
    expect(dimacsClauses(cnf).map((c) => Array.from(c))).toEqual([[], [1]]);
  });

  it('reads bytes as it reads text, into one flat 0-terminated array', () => {
    const text = 'c x\np cnf 5 3\n1 -5 0\n 2\t3 -4 0 0\n';
    const cnf = parseDimacs(Buffer.from(text));
    expect(cnf).toEqual(parseDimacs(text));
    expect(cnf.numClauses).toBe(3);
    expect(Array.from(cnf.lits)).toEqual([1, -5, 0, 2, 3, -4, 0, 0]);
  });

  it('reads a large file in one pass (and grows its buffer)', () => {
    const rows: string[] = [];
    for (let i = 0; i < 20000; i++) rows.push(`${(i % 700) + 1} -${((i * 7) % 700) + 1} ${((i * 13) % 700) + 1} 0`);
    const cnf = parseDimacs(`c pad ${'x'.repeat(100)}\np cnf 700 20000\n${rows.join('\n')}\n`);
    expect(cnf.numClauses).toBe(20000);
    expect(cnf.lits.length).toBe(80000);
    const i = 19999;
    expect(Array.from(cnf.lits.subarray(79996))).toEqual([(i % 700) + 1, -((i * 7) % 700) - 1, ((i * 13) % 700) + 1, 0]);
  });

  it('round-trips through formatDimacs', () => {
    const cnf = parseDimacs('p cnf 4 2\n1 -4 0\n2 3 -1 0\n');
    expect(parseDimacs(formatDimacs(cnf))).toEqual(cnf);
  });

  it('reports problems with file name and line number', () => {
    expect(problemsOf('c no header\n1 2 0\n')).toEqual(['f.cnf: line 2: clauses before the "p cnf VARIABLES CLAUSES" header']);
    expect(problemsOf('p cnf 2 1\n1 x 0\n')).toEqual(['f.cnf: line 2: "x" is not a literal (an integer such as 3 or -3)']);
    expect(problemsOf('p cnf 2 1\n1 3 0\n')[0]).toMatch(/^f\.cnf: line 2: literal 3 names variable 3, but the header declares 2/);
    expect(problemsOf('p cnf 2 1\n1 2\n')).toEqual(['f.cnf: line 2: the last clause is not ended by 0']);
    expect(problemsOf('p cnf 2 2\n1 2 0\n')).toEqual(['f.cnf: line 1: the header declares 2 clauses, but the file has 1']);
    expect(problemsOf('p dnf 2 1\n1 0\n')[0]).toMatch(/^f\.cnf: line 1: the header must read "p cnf VARIABLES CLAUSES"/);
    expect(problemsOf('p cnf 2 1\np cnf 2 1\n1 0\n')[0]).toMatch(/line 2: a second "p" header \(the first is on line 1\)/);
    expect(problemsOf('c only comments\n')).toEqual(['f.cnf: line 1: no "p cnf VARIABLES CLAUSES" header']);
    expect(problemsOf('p cnf 2 1\n1 -0 0\n')).toEqual(['f.cnf: line 2: "-0" is not a literal']);
    expect(problemsOf('p cnf 2 1 7\n1 0\n')[0]).toMatch(/line 1: the header must read "p cnf VARIABLES CLAUSES", got "p cnf 2 1 7"/);
    expect(problemsOf('p cnf 2 1\n1 -99999999999 0\n')).toEqual([
      'f.cnf: line 2: literal -99999999999 names variable 99999999999, but the header declares 2 variables',
    ]);
    expect(problemsOf('p cnf 2147483000 1\n1 0\n')[0]).toMatch(
      /line 1: the header declares 2147483000 variables; Strata's engines handle at most/,
    );
  });

  it('collects several problems at once', () => {
    const problems = problemsOf('p cnf 2 2\n1 y 0\n5 0\n');
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/line 2/);
    expect(problems[1]).toMatch(/line 3/);
  });
});

describe("the engine's own DIMACS reader (strata sat)", () => {
  const accepts = (text: string): boolean => {
    try {
      parseDimacs(text);
      return true;
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      return false;
    }
  };

  async function engineRead(text: string): Promise<{ clauses: number | null; engine: WasmSatEngine }> {
    const engine = await createWasmEngine();
    return { clauses: engine.readDimacs(Buffer.from(text)), engine };
  }

  const samples = [
    'c a comment\np cnf 3 3\n1 -2 0 2\n3 0\n\t-1 -3\n0\n',
    'p cnf 2 1\n1 2 0\n%\n0\n\n',
    'p cnf 1 2\r\n0\r\n1 0\r\n',
    'p cnf 5 3\n1 -5 0\n 2\t3 -4 0 0',
    'p cnf 4 2\n1 -4 0\n2 3 -1 0\n',
    'c no header\n1 2 0\n',
    'p cnf 2 1\n1 x 0\n',
    'p cnf 2 1\n1 3 0\n',
    'p cnf 2 1\n1 2\n',
    'p cnf 2 2\n1 2 0\n',
    'p dnf 2 1\n1 0\n',
    'p cnf 2 1\np cnf 2 1\n1 0\n',
    'c only comments\n',
    '',
    'p cnf 2 1\n1 -0 0\n',
    'p cnf 2 1 7\n1 0\n',
    'p cnf 2 1\n1 -99999999999 0\n',
    'p cnf 2 1\n1 2- 0\n',
    'p  cnf\t2 1 \n1 2 0',
    'p cnf 2147483000 1\n1 0\n',
  ];

  it('accepts exactly what parseDimacs accepts, with the same clauses', async () => {
    for (const text of samples) {
      const { clauses, engine } = await engineRead(text);
      const ok = accepts(text);
      expect(clauses !== null, JSON.stringify(text)).toBe(ok);
      if (ok) {
        const cnf = parseDimacs(text);
        expect(clauses).toBe(cnf.numClauses);
        expect(engine.numVars).toBe(cnf.numVars);
      }
      engine.dispose();
    }
  });

  it('agrees with parseDimacs on randomly damaged files, and solves what it reads as the JS path does', async () => {
    const rng = mulberry32(77);
    const pieces = [' ', '\n', '\r', '\t', '-', '0', '7', '12', 'x', 'c', 'p', '%'];
    let accepted = 0;
    for (let round = 0; round < 400; round++) {
      let text = random3Sat(12, round, 3.5 + rng() * 1.5);
      const edits = Math.floor(rng() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rng() * text.length);
        const cut = rng() < 0.5 ? 1 : 0;
        text = text.slice(0, at) + pieces[Math.floor(rng() * pieces.length)]! + text.slice(at + cut);
      }
      const { clauses, engine } = await engineRead(text);
      const ok = accepts(text);
      expect(clauses !== null, JSON.stringify(text)).toBe(ok);
      if (ok) {
        accepted++;
        const cnf = parseDimacs(text);
        expect(clauses).toBe(cnf.numClauses);
        const ref = await createWasmEngine();
        ref.ensureVars(cnf.numVars);
        ref.addClauses(cnf.lits);
        expect(engine.solve()).toBe(ref.solve());
        ref.dispose();
      }
      engine.dispose();
    }
    expect(accepted).toBeGreaterThan(100);
    expect(accepted).toBeLessThan(400);
  });
});
