// A cluster's planning problem as DIMACS CNF: the planner's clauses (every rule holds) with the
// activation literals of the cluster's hardware profiles as unit clauses, so that any SAT solver
// answers the question Strata's first solve asks. Its models are the valid images; the
// priority list (base image first, newest first, then the other levels) is what makes Strata's
// answer the best one, and `strata sat --priority` takes it.
import type { Cluster } from '../model/types.js';
import type { Catalog } from '../catalog/catalog.js';
import type { DimacsCnf } from '../sat/dimacs.js';
import type { Lit } from '../sat/engine.js';
import { RecordingEngine } from '../sat/record.js';
import { encode, type EncodeOptions } from './encode.js';
import { recommendationSpace } from './space.js';

export interface DumpedEncoding {
  /** the clauses with the active hardware profiles as units */
  cnf: DimacsCnf;
  /** the planning variables in rank order */
  priority: readonly Lit[];
  /** the base image variables, in the candidate space's order (newest first) */
  baseVars: readonly Lit[];
  /** the same clauses with `units` added (e.g. one base image forced) */
  withUnits(units: readonly Lit[]): DimacsCnf;
}

export function dumpEncoding(catalog: Catalog, cluster: Cluster, opts: EncodeOptions = {}): DumpedEncoding {
  const planner = new RecordingEngine();
  const enc = encode(catalog, cluster, recommendationSpace(catalog, cluster), planner, new RecordingEngine(), opts);
  const active = [...enc.active];
  return {
    cnf: planner.toCnf(active),
    priority: planner.priority,
    baseVars: enc.layout.base.vars,
    withUnits: (units) => planner.toCnf([...active, ...units]),
  };
}
