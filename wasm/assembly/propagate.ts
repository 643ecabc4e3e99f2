// The trail and unit propagation. Assignments are pushed on the trail with their level and
// reason clause (-1 for decisions and facts); trailLim[d] is where level d+1 starts. Undoing
// levels saves the phase of ordinary variables (phase saving) and puts them back in the VSIDS
// heap; a priority variable is instead re-queued by lowering prioNext, so the priority list is
// always decided in its own order whatever was undone. Propagation is MiniSat's two-watched-
// literal scheme; the hot loop works on locals and writes the trail size back once.
import { S, HDR, ldi, sti } from './state';
import { heapInsert } from './heap';
import { watch } from './clauses';

@inline export function enqueue(l: i32, from: i32): void {
  const v = l >> 1;
  store<i8>(S.vals + <usize>l, 1);
  store<i8>(S.vals + <usize>(l ^ 1), -1);
  sti(S.levelArr, v, S.levels);
  sti(S.reasonArr, v, from);
  const n = S.trailSize;
  sti(S.trail, n, l);
  S.trailSize = n + 1;
}

@inline export function newLevel(): void {
  sti(S.trailLim, S.levels, S.trailSize);
  S.levels++;
}

export function cancelUntil(lvl: i32): void {
  if (S.levels <= lvl) return;
  const stop = ldi(S.trailLim, lvl);
  const vals = S.vals;
  const trail = S.trail;
  const prioIdx = S.prioIdx;
  const phase = S.phase;
  let prioNext = S.prioNext;
  for (let c = S.trailSize - 1; c >= stop; c--) {
    const l = ldi(trail, c);
    const v = l >> 1;
    store<i8>(vals + <usize>l, 0);
    store<i8>(vals + <usize>(l ^ 1), 0);
    const pi = ldi(prioIdx, v);
    if (pi >= 0) {
      // priority variables are decided from the priority list, never from the heap
      if (pi < prioNext) prioNext = pi;
    } else {
      store<u8>(phase + <usize>v, <u8>(l & 1));
      heapInsert(v);
    }
  }
  S.prioNext = prioNext;
  // every index below prioNext is still assigned as before: a false one there is still the first
  if (S.firstFalse >= prioNext) S.firstFalse = i32.MAX_VALUE;
  S.trailSize = stop;
  S.qhead = stop;
  S.levels = lvl;
}

/** Propagates the trail from qhead to a fixpoint: the conflicting cref, or -1. */
export function propagate(): i32 {
  let confl = -1;
  const vals = S.vals;
  const wsTab = S.wsTab;
  const trail = S.trail;
  const levelArr = S.levelArr;
  const reasonArr = S.reasonArr;
  const arena = S.arena;
  const level = S.levels;
  let trailSize = S.trailSize;
  let qhead = S.qhead;
  let props: i64 = 0;
  while (qhead < trailSize) {
    const p = ldi(trail, qhead);
    qhead++;
    props++;
    const falseLit = p ^ 1;
    const t = wsTab + ((<usize>falseLit) << 4);
    const ws = load<usize>(t);
    const end = ws + ((<usize>load<i32>(t, 4)) << 3);
    let i = ws;
    let j = ws;
    while (i < end) {
      const blocker = load<i32>(i, 4);
      const bv = <i32>load<i8>(vals + <usize>blocker);
      if (bv == 1) {
        store<i64>(j, load<i64>(i));
        i += 8;
        j += 8;
        continue;
      }
      const w0 = load<i32>(i);
      let implied = -1;
      const cr = w0 >> 1;
      if ((w0 & 1) != 0) {
        // binary clause: the blocker is the other literal
        store<i64>(j, load<i64>(i));
        i += 8;
        j += 8;
        if (bv == -1) {
          confl = cr;
          break;
        }
        const lp = arena + ((<usize>cr) << 2) + ((<usize>HDR) << 2);
        if (load<i32>(lp) != blocker) {
          store<i32>(lp, blocker);
          store<i32>(lp, falseLit, 4);
        }
        implied = blocker;
      } else {
        const c = arena + ((<usize>cr) << 2);
        i += 8;
        const lits = c + ((<usize>HDR) << 2);
        let first = load<i32>(lits);
        if (first == falseLit) {
          first = load<i32>(lits, 4);
          store<i32>(lits, first);
          store<i32>(lits, falseLit, 4);
        }
        const fv = <i32>load<i8>(vals + <usize>first);
        if (first != blocker && fv == 1) {
          store<i32>(j, w0);
          store<i32>(j, first, 4);
          j += 8;
          continue;
        }
        // A new watch. In an input clause longer than 3 it is searched from where the last one
        // was found, round to it (Gent 2013): a rule over many alternatives (a base image each,
        // say) is otherwise scanned again from its start each time one alternative more is false.
        // Learnt clauses are scanned from their start, as MiniSat does: on random 3-SAT (input
        // clauses too short to differ) the search then stays MiniSat's, which `strata sat` is
        // compared to (clauses.ts, circularSpare, marks which clauses are searched round).
        const size = load<i32>(c);
        const kend = lits + ((<usize>size) << 2);
        // the spare word: 0, or for those clauses the position to search from (>= 2; a clause
        // simplified since may be shorter)
        const from = load<i32>(c, 8);
        const start = from > 2 && from < size ? from : 2;
        let k = lits + ((<usize>start) << 2);
        let found = false;
        for (; k < kend; k += 4) {
          const lk = load<i32>(k);
          if (<i32>load<i8>(vals + <usize>lk) != -1) {
            found = true;
            break;
          }
        }
        if (!found && start > 2) {
          const kfrom = lits + ((<usize>start) << 2);
          for (k = lits + 8; k < kfrom; k += 4) {
            if (<i32>load<i8>(vals + <usize>load<i32>(k)) != -1) {
              found = true;
              break;
            }
          }
        }
        if (found) {
          const lk = load<i32>(k);
          store<i32>(lits, lk, 4);
          store<i32>(k, falseLit);
          if (from != 0) store<i32>(c, <i32>((k - lits) >> 2), 8);
          watch(lk, cr, 0, first);
          continue;
        }
        store<i32>(j, w0);
        store<i32>(j, first, 4);
        j += 8;
        if (fv == -1) {
          confl = cr;
          break;
        }
        implied = first;
      }
      // enqueue(implied, cr)
      const v = implied >> 1;
      store<i8>(vals + <usize>implied, 1);
      store<i8>(vals + <usize>(implied ^ 1), -1);
      sti(levelArr, v, level);
      sti(reasonArr, v, cr);
      sti(trail, trailSize, implied);
      trailSize++;
    }
    if (confl >= 0) {
      while (i < end) {
        store<i64>(j, load<i64>(i));
        i += 8;
        j += 8;
      }
      qhead = trailSize;
    }
    store<i32>(t, <i32>((j - ws) >> 3), 4);
    if (confl >= 0) break;
  }
  S.trailSize = trailSize;
  S.qhead = qhead;
  S.propagations += props;
  return confl;
}
