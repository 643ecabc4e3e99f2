// Strata's CDCL SAT engine, compiled to WebAssembly with AssemblyScript (after MiniSat and
// Glucose, written from scratch). This file is the exported interface that src/sat/wasm.ts
// drives; it only moves literals between the JS-visible input buffer and the engine.
//   state.ts      the one state block (cloning = copying linear memory) and accessors
//   memory.ts     the power-of-two allocator and the per-variable arrays
//   heap.ts       VSIDS activity heap
//   clauses.ts    clause arena, watches, LBD reduction, level-0 simplification
//   propagate.ts  trail, backtracking (phase saving), unit propagation
//   analyze.ts    first-UIP learning, minimisation, failed assumptions
//   search.ts     decisions (assumptions, priority list, VSIDS), restarts, the solve loop
//   input.ts      variables and clauses as they come in (DIMACS literals)
//   dimacs.ts     DIMACS CNF read from bytes in linear memory, straight into the clause database
// The JS side passes DIMACS literals; the engine works on lit = 2*v + sign, v 0-based.
import { S, ldi, sti, val, fromDimacs } from './state';
import { alloc, free, ensureVarCap, capFor, resizeVarArrays, packBegin, place, packEnd } from './memory';
import { heapInsert } from './heap';
import { cancelUntil } from './propagate';
import { ensureVars as ensure, addClauseAt, maxVarAt } from './input';
import { searchUnder } from './search';
export { allocBytes, freeBytes, readDimacs, dimacsClauseCount } from './dimacs';

/** Creates variables up to n (DIMACS numbering) at once. */
export function ensureVars(n: i32): i32 {
  return ensure(n);
}

export function newVar(): i32 {
  ensureVarCap(S.numVars + 1);
  heapInsert(S.numVars);
  S.numVars++;
  return S.numVars;
}

/** A buffer of at least n i32 for the JS side to write DIMACS literals into. */
export function inputBuffer(n: i32): usize {
  if (n > S.inCap) {
    const c = capFor(S.inCap, n, 256);
    free(S.inBuf, (<usize>S.inCap) << 2);
    S.inBuf = alloc((<usize>c) << 2);
    S.inCap = c;
  }
  return S.inBuf;
}

/** Adds the clause of n DIMACS literals in the input buffer. */
export function addClause(n: i32): i32 {
  return addClauseAt(S.inBuf, n);
}

/**
 * Adds every clause in the first `total` entries of the input buffer, each ended by 0: one call
 * for a whole encoding instead of one per clause.
 */
export function addClauses(total: i32): i32 {
  const inBuf = S.inBuf;
  let start = 0;
  for (let i = 0; i < total; i++) {
    if (ldi(inBuf, i) != 0) continue;
    addClauseAt(inBuf + ((<usize>start) << 2), i - start);
    start = i + 1;
  }
  return S.ok;
}

/** Replaces the priority list by the n DIMACS literals in the input buffer. */
export function setPriority(n: i32): void {
  cancelUntil(0);
  // the old priority variables go back to the activity heap
  for (let i = 0; i < S.prioSize; i++) {
    const v = ldi(S.prio, i) >> 1;
    sti(S.prioIdx, v, -1);
    heapInsert(v);
  }
  if (n > S.prioCap) {
    const c = capFor(S.prioCap, n, 64);
    free(S.prio, (<usize>S.prioCap) << 2);
    S.prio = alloc((<usize>c) << 2);
    S.prioCap = c;
  }
  ensureVars(maxVarAt(S.inBuf, n));
  for (let i = 0; i < n; i++) {
    const l = fromDimacs(ldi(S.inBuf, i));
    sti(S.prio, i, l);
    if (ldi(S.prioIdx, l >> 1) < 0) sti(S.prioIdx, l >> 1, i);
  }
  S.prioSize = n;
  S.prioNext = 0;
}

/**
 * Solves under the n DIMACS assumptions in the input buffer: 1 satisfiable, 0 not, -1 budget out.
 * `cut` > 0: the model is lexicographic only up to the first false one of the first `cut` priority
 * literals; with `relax`, not at all: those are decided false (search.ts).
 */
export function solve(n: i32, cut: i32, relax: i32): i32 {
  S.failedSize = 0;
  if (n + 1 > S.failedCap) {
    const c = capFor(S.failedCap, n + 1, 64);
    free(S.failed, (<usize>S.failedCap) << 2);
    S.failed = alloc((<usize>c) << 2);
    S.failedCap = c;
  }
  if (S.ok == 0) return 0;
  // The previous solve left the assumption levels it placed on the trail (levels 1..k hold
  // assumptions 0..k-1, propagated to a fixpoint; an unsatisfiable one stops at the first
  // assumption found false); keep those this solve shares, so that a series of solves under a
  // common prefix (enumeration, explanations) does not redo it.
  const inBuf = S.inBuf;
  const levels = S.levels;
  let assumps = S.assumps;
  let common = 0;
  while (common < n && common < levels && ldi(assumps, common) == fromDimacs(ldi(inBuf, common))) common++;
  if (n > S.assumpsCap) {
    const c = capFor(S.assumpsCap, n, 64);
    const next = alloc((<usize>c) << 2);
    memory.copy(next, S.assumps, (<usize>common) << 2);
    free(S.assumps, (<usize>S.assumpsCap) << 2);
    S.assumps = assumps = next;
    S.assumpsCap = c;
  }
  ensureVars(maxVarAt(inBuf, n));
  for (let i = common; i < n; i++) sti(assumps, i, fromDimacs(ldi(inBuf, i)));
  S.numAssumps = n;
  return searchUnder(common, cut, relax != 0);
}

/**
 * Lays the engine's memory out afresh before it is copied many times (memory.ts, packing): the
 * arrays sized to the variables there are, the arena and each watch list with a little room to
 * grow, the input buffer small again. Every block of the heap is named here; a block left out
 * would be overwritten.
 */
export function pack(): void {
  if (S.heapTop == 0 || S.varCap == 0) return;
  packBegin();
  // The watch lists in literal order, their new addresses written into the table before it is
  // placed with the other per-literal arrays. Half as much again: propagation moves watches
  // between lists, and every copy would otherwise grow the same lists again.
  // room for a few variables more: a plan adds some to a copied encoding
  const nc = S.numVars + max(64, S.numVars >> 4);
  const wsTab = S.wsTab;
  for (let l = 0; l < S.numVars * 2; l++) {
    const t = wsTab + ((<usize>l) << 4);
    const size = load<i32>(t, 4);
    const cap = size == 0 ? 0 : max(4, size + (size >> 1));
    store<usize>(t, cap == 0 ? 0 : place(load<usize>(t), (<usize>size) << 3, (<usize>cap) << 3));
    store<i32>(t, cap, 8);
  }
  const arenaCap = S.arenaSize + max(1024, S.arenaSize >> 3);
  S.arena = place(S.arena, (<usize>S.arenaSize) << 2, (<usize>arenaCap) << 2);
  S.arenaCap = arenaCap;
  resizeVarArrays(<usize>S.varCap, <usize>nc, true);
  S.varCap = nc;
  S.learnts = placeList(S.learnts, S.learntsSize, S.learntsCap);
  S.prio = placeList(S.prio, S.prioSize, S.prioCap);
  // the assumptions of the levels still on the trail are compared by the next solve
  S.assumps = placeList(S.assumps, S.assumpsCap, S.assumpsCap);
  S.failed = placeList(S.failed, S.failedSize, S.failedCap);
  S.inCap = min(S.inCap, 256);
  S.inBuf = placeList(S.inBuf, 0, S.inCap);
  packEnd();
}

/** A list of `cap` i32 placed with its first `used`, or none. */
function placeList(p: usize, used: i32, cap: i32): usize {
  return cap == 0 ? 0 : place(p, (<usize>used) << 2, (<usize>cap) << 2);
}

/** After a model of a solve with a cut: the index of its first false priority entry below the cut, or -1. */
export function modelFirstFalse(): i32 {
  return S.modelFirstFalse == i32.MAX_VALUE ? -1 : S.modelFirstFalse;
}

/** Limits the total number of conflicts (across solves); -1 for no limit. */
export function setConflictBudget(b: f64): void {
  S.conflictBudget = <i64>b;
}

export function modelPtr(): usize { return S.model; }
export function failedPtr(): usize { return S.failed; }
export function failedCount(): i32 { return S.failedSize; }
export function varCount(): i32 { return S.numVars; }
export function clauseCount(): i32 { return S.numOriginal; }
export function learntCount(): i32 { return S.learntsSize; }
export function isOk(): i32 { return S.ok; }
export function statConflicts(): f64 { return <f64>S.conflicts; }
export function statDecisions(): f64 { return <f64>S.decisions; }
export function statPropagations(): f64 { return <f64>S.propagations; }
/**
 * Bytes of linear memory in use: static data (with the state block) and the allocator's heap.
 * A clone copies this much into a fresh instance; no other state exists.
 */
export function heapUsed(): f64 { return <f64>(S.heapTop == 0 ? __heap_base : S.heapTop); }
