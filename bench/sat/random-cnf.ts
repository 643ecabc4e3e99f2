// Uniform random 3-SAT (each clause: three distinct variables, random signs), seeded, as DIMACS
// text. Near the ratio 4.26 clauses per variable about half the instances are satisfiable and
// they are the hardest for their size, which makes them a fair yardstick for a CDCL engine.
import { mulberry32 } from '../generate/rng.js';

/** The satisfiability threshold of random 3-SAT. */
export const THRESHOLD = 4.26;

export function random3Sat(numVars: number, seed: number, ratio = THRESHOLD): string {
  const rng = mulberry32(seed);
  const numClauses = Math.round(numVars * ratio);
  const lines = [`c random 3-SAT, ${numVars} variables, ratio ${ratio}, seed ${seed}`, `p cnf ${numVars} ${numClauses}`];
  for (let c = 0; c < numClauses; c++) {
    const a = 1 + Math.floor(rng() * numVars);
    let b = a;
    while (b === a) b = 1 + Math.floor(rng() * numVars);
    let d = a;
    while (d === a || d === b) d = 1 + Math.floor(rng() * numVars);
    const sign = () => (rng() < 0.5 ? '-' : '');
    lines.push(`${sign()}${a} ${sign()}${b} ${sign()}${d} 0`);
  }
  return lines.join('\n') + '\n';
}
