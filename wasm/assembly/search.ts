// The CDCL search loop and its decisions. Decisions come in three tiers: the assumptions (one
// level each), then the priority literals in list order with their polarity, then VSIDS (the
// activity heap) with the saved phase.
//
// Lexicographic guarantee (src/sat/wasm.ts and src/plan/search.ts rely on it): every decision
// below the first non-priority decision is an assumption or a priority literal decided true,
// taken in priority order; a priority literal is only ever false when unit propagation (over
// clauses implied by the input) derives it from assumptions and earlier priority literals that
// are true. So any model agreeing with the found one on p1..p(i-1) must also have p(i) false:
// the first model found is the lexicographically greatest. What keeps it:
//   * learnt clauses are implied by the clauses alone (assumptions are decisions, not clauses),
//     and clause deletion only forgets implied clauses;
//   * restarts (Luby) undo only the activity-driven levels above the assumptions and priority
//     decisions, and anything undone is decided again from the priority list first;
//   * phase saving applies to heap variables only; a priority literal is always tried true
//     (and best-phase rephasing, below, is for plain solves only).
//
// A solve with a cut (solve(n, cut), for explanations that read only where the first false
// priority literal is) keeps the guarantee up to that literal: among the first `cut` entries, a
// literal is decided false, not true, once an earlier one of them is false on the trail. That
// earlier one stays false below the decision, so the first false entry of the model is still
// derived by propagation from assumptions and true priority decisions before it alone; the
// entries after it, decided false, relax what they stand for. Those that are in no clause (a
// selector is only ever in clauses negated) falsify nothing: they are all set with the first of
// them, in one level, since no conflict can involve them (explanations would otherwise open a
// level for each of hundreds of selectors, in every solve). A relaxed solve (for a question
// asked for its answer alone) decides all of the first `cut` entries false: no guarantee, and
// the same answer, since a decision only picks which half of the search comes first.
import { S, ldi, val } from './state';
import { heapRemoveMax, heapClear, decayActivities } from './heap';
import { allocClause, attach, pushLearnt, reduceDB, simplify } from './clauses';
import { enqueue, newLevel, cancelUntil, propagate } from './propagate';
import { analyze, analyzeFinal } from './analyze';

/**
 * Conflicts per Luby unit. Planning (a priority list set) keeps MiniSat's 100. A plain solve
 * (`strata sat`) restarts ten times less often: on random 3-SAT near the threshold (n = 150..225,
 * 105 seeds) that took 11% fewer conflicts and 23% less time overall, most on the unsatisfiable
 * ones (each restart also repeats the propagation of the levels it undoes).
 */
const RESTART_BASE: f64 = 100.0;
const RESTART_BASE_PLAIN: f64 = 1000.0;
const REDUCE_FIRST: i64 = 2000;
const REDUCE_STEP: i64 = 300;

function pickBranch(): i32 {
  // the scan works on locals: linear memory stores could alias the state block's fields
  const prio = S.prio;
  const vals = S.vals;
  const size = S.prioSize;
  const cut = S.prioCut;
  let firstFalse = S.firstFalse;
  let i = S.prioNext;
  // Propagation often assigns every variable: then no decision is left, and only the first
  // false entry below the cut is still to be found. The heap is emptied at once, as popping each
  // assigned variable would leave it (the search stays step for step what it was: answers that
  // count solves, such as a repair budget, depend on it).
  const full = S.trailSize == S.numVars;
  const end = full ? (firstFalse == i32.MAX_VALUE ? min(size, cut) : i) : size;
  while (i < end) {
    const l = ldi(prio, i);
    const value = <i32>load<i8>(vals + <usize>l);
    if (value == 0) {
      S.prioNext = i;
      S.firstFalse = firstFalse;
      if (i >= cut || firstFalse > i) return l;
      if (load<u8>(S.occurs + <usize>l) == 0) S.relaxFrom = i + 1;
      return l ^ 1;
    }
    if (value < 0 && i < cut && firstFalse == i32.MAX_VALUE) {
      firstFalse = i;
      if (full) break;
    }
    i++;
  }
  S.prioNext = i;
  S.firstFalse = firstFalse;
  if (full) {
    heapClear();
    return -1;
  }
  while (S.heapSize > 0) {
    const v = heapRemoveMax();
    if (val(v << 1) == 0) return (v << 1) | <i32>load<u8>(S.phase + <usize>v);
  }
  return -1;
}

/**
 * Restarts keep the levels of assumptions and priority decisions: their order is fixed, so
 * redoing them would only repeat the same propagation (with 100k priority literals, a lot of
 * it). Only the activity-driven part of the trail is thrown away.
 */
function restartLevel(): i32 {
  let l = 0;
  while (l < S.levels) {
    if (l >= S.numAssumps) {
      const d = ldi(S.trail, ldi(S.trailLim, l));
      if (ldi(S.prioIdx, d >> 1) < 0) break;
    }
    l++;
  }
  return l;
}

/**
 * Plain solves: before a conflict is analysed, the assignment below its level (conflict-free) is
 * kept when it is the longest since the last restart; the restart then makes it the saved phase,
 * so the search resumes from its best partial model rather than from wherever the last conflicts
 * left the phases (CaDiCaL's best phase). On fresh random 3-SAT near the threshold (n = 175..225,
 * four seed sets, 330 instances, bench/sat/ab.ts): 29% fewer conflicts on the satisfiable ones
 * (18-46% by set), 6% more on the unsatisfiable ones (4-8%), 6% fewer in all, in-process time
 * -4%. Restoring it only on a new record, on alternate restarts, or with Luby 100-500 was worse.
 */
function saveBest(): void {
  const stable = ldi(S.trailLim, S.levels - 1);
  if (stable <= S.bestTrail) return;
  const trail = S.trail;
  const best = S.best;
  for (let i = 0; i < stable; i++) {
    const l = ldi(trail, i);
    store<u8>(best + <usize>(l >> 1), <u8>(l & 1));
  }
  S.bestTrail = stable;
}

/** Sets false, in the current level, the unassigned priority entries from relaxFrom below prioCut that are in no clause. */
function relaxRest(): void {
  const prio = S.prio;
  const occurs = S.occurs;
  for (let i = S.relaxFrom; i < S.prioCut; i++) {
    const l = ldi(prio, i);
    if (val(l) == 0 && load<u8>(occurs + <usize>l) == 0) enqueue(l ^ 1, -1);
  }
  S.relaxFrom = -1;
}

@inline function budgetOut(): bool {
  return S.conflictBudget >= 0 && S.conflicts >= S.conflictBudget;
}

/** 1: model found, -1: unsatisfiable (under the assumptions), 0: restart or budget out. */
function search(nofConflicts: i32): i32 {
  let conflictC = 0;
  while (true) {
    const confl = propagate();
    if (confl >= 0) {
      S.conflicts++;
      conflictC++;
      if (S.levels == 0) {
        S.ok = 0;
        return -1;
      }
      if (S.prioSize == 0) saveBest();
      analyze(confl);
      cancelUntil(S.btLevel);
      const l0 = ldi(S.learntBuf, 0);
      if (S.learntSize == 1) {
        enqueue(l0, -1);
      } else {
        const cr = allocClause(S.learntBuf, S.learntSize, true, S.learntLbd);
        pushLearnt(cr);
        attach(cr);
        enqueue(l0, cr);
      }
      decayActivities();
    } else {
      if (conflictC >= nofConflicts || budgetOut()) {
        cancelUntil(restartLevel());
        if (S.prioSize == 0) {
          memory.copy(S.phase, S.best, <usize>S.numVars);
          S.bestTrail = 0;
        }
        return 0;
      }
      if (S.levels == 0 && S.trailSize > S.simpTrail && S.propagations - S.simpProps >= <i64>(S.arenaSize >> 2)) {
        simplify();
      }
      if (S.conflicts >= S.nextReduce) {
        S.reduceCount++;
        S.nextReduce = S.conflicts + REDUCE_FIRST + REDUCE_STEP * <i64>S.reduceCount;
        reduceDB();
      }
      let next = -1;
      while (S.levels < S.numAssumps) {
        const a = ldi(S.assumps, S.levels);
        const av = val(a);
        if (av == 1) {
          newLevel();
        } else if (av == -1) {
          analyzeFinal(a);
          return -1;
        } else {
          next = a;
          break;
        }
      }
      if (next < 0) {
        S.decisions++;
        next = pickBranch();
        if (next < 0) return 1;
      }
      newLevel();
      enqueue(next, -1);
      if (S.relaxFrom >= 0) relaxRest();
    }
  }
  return 0;
}

/** The Luby sequence scaled: y^k for the x-th restart (1, 1, 2, 1, 1, 2, 4, ... for y = 2). */
function luby(y: f64, x0: i32): f64 {
  let x = x0;
  let size = 1;
  let seq = 0;
  while (size < x + 1) {
    seq++;
    size = 2 * size + 1;
  }
  while (size - 1 != x) {
    size = (size - 1) >> 1;
    seq--;
    x = x % size;
  }
  return Math.pow(y, <f64>seq);
}

/**
 * Searches under the S.numAssumps assumptions in S.assumps, the first `common` of which are
 * still on the trail from the previous solve: 1 satisfiable (the model is saved), 0 not,
 * -1 budget out. Leaves the assumption levels it placed on the trail, for the next solve.
 * `cut`, `relax`: see the head of this file (cut 0 for a fully lexicographic solve).
 */
export function searchUnder(common: i32, cut: i32, relax: bool): i32 {
  cancelUntil(common);
  S.prioCut = cut;
  // relaxing all of them: as if one before the first were false
  S.firstFalse = relax ? -1 : i32.MAX_VALUE;
  if (common == 0 && propagate() >= 0) {
    S.ok = 0;
    S.numAssumps = 0;
    return 0;
  }
  S.prioNext = 0;
  // a best trail is this solve's own: one left by an earlier solve would set the first restart's phases
  S.bestTrail = 0;
  let status = 0;
  let restarts = 0;
  const unit = S.prioSize > 0 ? RESTART_BASE : RESTART_BASE_PLAIN;
  while (status == 0) {
    if (budgetOut()) break;
    status = search(<i32>(luby(2.0, restarts) * unit));
    restarts++;
  }
  if (status == 1) {
    const model = S.model;
    const vals = S.vals;
    const n = S.numVars;
    for (let v = 0; v < n; v++) store<u8>(model + <usize>v, load<i8>(vals + ((<usize>v) << 1)) == 1 ? 1 : 0);
    // every entry was scanned: the first false one below the cut, if any
    S.modelFirstFalse = S.firstFalse;
  }
  // the assumption levels placed stay (propagated to a fixpoint: an unsatisfiable answer is found
  // placing the next one) for a next solve that shares them
  cancelUntil(S.numAssumps);
  S.numAssumps = 0;
  return status == 1 ? 1 : status == -1 ? 0 : -1;
}
