// strata sat's answers (the engine's own DIMACS reader, then a solve) against MiniSat in-process
// (logic-solver's MiniSat 2.2) and DPLL: seeded random 3-SAT near the threshold, the committed
// CNFs of bench/sat/, and a planning encoding dumped as DIMACS.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createWasmEngine } from '../../src/sat/wasm.js';
import { MiniSatEngine } from '../../src/sat/minisat.js';
import { dimacsClauses, formatDimacs, parseDimacs } from '../../src/sat/dimacs.js';
import { dumpEncoding } from '../../src/plan/dump.js';
import { ClusterPlan } from '../../src/plan/plan.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { generateFleet, PRESETS } from '../../bench/generate/world.js';
import { random3Sat } from '../../bench/sat/random-cnf.js';
import { dpll, satisfies } from './helpers.js';

/** What strata sat answers, with the model checked against the clauses. */
async function strataAnswer(text: string): Promise<boolean> {
  const engine = await createWasmEngine();
  try {
    expect(engine.readDimacs(Buffer.from(text))).not.toBeNull();
    const sat = engine.solve();
    if (sat) {
      const clauses = dimacsClauses(parseDimacs(text)).map((c) => Array.from(c));
      expect(satisfies((v) => engine.modelValue(v), clauses)).toBe(true);
    }
    return sat;
  } finally {
    engine.dispose();
  }
}

function minisatAnswer(text: string): boolean {
  const cnf = parseDimacs(text);
  const m = new MiniSatEngine();
  for (let v = 0; v < cnf.numVars; v++) m.newVar();
  for (const c of dimacsClauses(cnf)) m.addClause(Array.from(c));
  const sat = m.solve();
  m.dispose();
  return sat;
}

describe('strata sat agrees with MiniSat and DPLL', () => {
  it('on 120 random 3-SAT instances at ratio 4.26 (20-60 variables), SAT and UNSAT', async () => {
    const seen = { sat: 0, unsat: 0 };
    for (let i = 0; i < 120; i++) {
      const n = 20 + (i % 5) * 10;
      const text = random3Sat(n, 5000 + i);
      const got = await strataAnswer(text);
      expect(got, `n ${n} seed ${5000 + i}`).toBe(minisatAnswer(text));
      if (n <= 30) {
        const cnf = parseDimacs(text);
        expect(got).toBe(
          dpll(
            n,
            dimacsClauses(cnf).map((c) => Array.from(c)),
          ) !== null,
        );
      }
      seen[got ? 'sat' : 'unsat']++;
    }
    expect(seen.sat).toBeGreaterThan(20);
    expect(seen.unsat).toBeGreaterThan(20);
  }, 60_000);

  it('on every committed CNF of bench/sat/cnf', async () => {
    const dir = new URL('../../bench/sat/cnf/', import.meta.url);
    const names = readdirSync(dir).filter((f) => f.endsWith('.cnf'));
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      const text = readFileSync(new URL(name, dir), 'utf8');
      expect(await strataAnswer(text), name).toBe(minisatAnswer(text));
    }
  }, 60_000);

  it('on planning encodings dumped as DIMACS: satisfiable iff the planner finds an image, each base image iff it can be used', async () => {
    let withImage = 0;
    for (const seed of [1, 2, 3]) {
      const fleet = generateFleet(PRESETS.small, seed);
      const catalog = new Catalog(fleet.depot, fleet.hcl);
      const cluster = fleet.clusters[0]!;
      const dump = dumpEncoding(catalog, cluster);
      const plan = await ClusterPlan.create(catalog, cluster);
      try {
        const latest = (await plan.slots()).latest;
        expect(await strataAnswer(formatDimacs(dump.cnf)), `seed ${seed}`).toBe(latest !== null);
        if (latest) withImage++;
        const bases = plan.encoding.space.bases;
        const latestIndex = latest ? bases.findIndex((b) => b.version === latest.base_image.version) : bases.length;
        for (let i = 0; i < bases.length; i++) {
          const text = formatDimacs(dump.withUnits([dump.baseVars[i]!]));
          const sat = await strataAnswer(text);
          expect(sat, `seed ${seed} base ${bases[i]!.version}`).toBe(minisatAnswer(text));
          // newer than the best valid image: impossible; the best one itself: possible
          if (i < latestIndex) expect(sat).toBe(false);
          if (i === latestIndex) expect(sat).toBe(true);
        }
      } finally {
        plan.dispose();
      }
    }
    expect(withImage).toBeGreaterThan(0);
  }, 60_000);
});
