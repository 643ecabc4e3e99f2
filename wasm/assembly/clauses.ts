// The clause database. All clauses live in one growable i32 arena; a clause is
// [size, flags | lbd << 2, spare, lits...] named by its word offset (cref), so there is no
// object per clause and a clone is a memory copy. Two watched literals (always lits[0] and
// lits[1]) with a blocker literal per watcher; binary clauses are flagged in the watcher and
// propagate without touching the arena. Deletion marks a clause; each round of deletions ends
// by dropping the watchers of the deleted clauses (one sweep of the watch lists), or, once
// enough of the arena is garbage, by compacting it and rebuilding every watch list, so that
// propagation never meets a deleted clause. Learnt clauses are reduced by LBD (Glucose): glue
// clauses (LBD <= 2) stay forever, the worse half of the rest goes, and a clause that is the
// reason of an assignment on the trail is never deleted.
import { S, HDR, F_LEARNT, F_DELETED, ldi, sti, val, cptr, csize, cflags, clit, reason } from './state';
import { alloc, free, grow, capFor } from './memory';

// ---------------------------------------------------------------------------------------------
// Watches. A watcher is [cref << 1 | binary, blocker]; watches[l] holds clauses watching l.

/** Adds a watcher to l's list: inlined into propagate's hot loop, the rare growth is a call. */
@inline export function watch(l: i32, cr: i32, bin: i32, blocker: i32): void {
  const t = S.wsTab + ((<usize>l) << 4);
  const size = load<i32>(t, 4);
  const p = size == load<i32>(t, 8) ? growWatches(t, size) : load<usize>(t);
  const w = p + ((<usize>size) << 3);
  store<i32>(w, (cr << 1) | bin);
  store<i32>(w, blocker, 4);
  store<i32>(t, size + 1, 4);
}

/** Doubles the capacity of the full watch list at table entry t: its new storage. */
function growWatches(t: usize, size: i32): usize {
  const p = load<usize>(t);
  const cap = load<i32>(t, 8);
  const nc = cap == 0 ? 4 : cap << 1;
  const np = alloc((<usize>nc) << 3);
  if (size != 0) memory.copy(np, p, (<usize>size) << 3);
  free(p, (<usize>cap) << 3);
  store<usize>(t, np);
  store<i32>(t, nc, 8);
  return np;
}

export function attach(cr: i32): void {
  const l0 = clit(cr, 0);
  const l1 = clit(cr, 1);
  const bin = csize(cr) == 2 ? 1 : 0;
  watch(l0, cr, bin, l1);
  watch(l1, cr, bin, l0);
}

// ---------------------------------------------------------------------------------------------
// Arena.

/**
 * Room for `words` arena words in all, in one move: the DIMACS reader knows the most a file can
 * need, which spares the doublings (each a copy of the arena so far into fresh pages).
 */
export function reserveArena(words: i32): void {
  if (words <= S.arenaCap) return;
  // no fill: the words past arenaSize are never read before allocClause writes them
  const next = alloc((<usize>words) << 2);
  if (S.arenaSize != 0) memory.copy(next, S.arena, (<usize>S.arenaSize) << 2);
  free(S.arena, (<usize>S.arenaCap) << 2);
  S.arena = next;
  S.arenaCap = words;
}

/**
 * The spare word of a new clause: 2 (the first position propagate searches a new watch from) for
 * input clauses longer than 3, whose search then starts where the last one was found; 0 for the
 * others, searched from their start (see propagate.ts).
 */
@inline function circularSpare(n: i32, learnt: bool): i32 {
  return !learnt && n > 3 ? 2 : 0;
}

export function allocClause(lits: usize, n: i32, learnt: bool, lbd: i32): i32 {
  const need = S.arenaSize + HDR + n;
  if (need > S.arenaCap) reserveArena(capFor(S.arenaCap, need, 1024));
  const cr = S.arenaSize;
  const p = cptr(cr);
  store<i32>(p, n);
  store<i32>(p, (learnt ? F_LEARNT : 0) | (lbd << 2), 4);
  store<i32>(p, circularSpare(n, learnt), 8);
  memory.copy(p + ((<usize>HDR) << 2), lits, (<usize>n) << 2);
  S.arenaSize = need;
  return cr;
}

/** The clause is the reason of its first literal (propagate keeps the implied literal there). */
@inline function locked(cr: i32): bool {
  const l0 = clit(cr, 0);
  return val(l0) == 1 && reason(l0 >> 1) == cr;
}

function deleteClause(cr: i32): void {
  const p = cptr(cr);
  store<i32>(p, load<i32>(p, 4) | F_DELETED, 4);
  S.wasted += HDR + load<i32>(p);
}

export function pushLearnt(cr: i32): void {
  if (S.learntsSize == S.learntsCap) {
    const nc = capFor(S.learntsCap, S.learntsCap + 1, 256);
    S.learnts = grow(S.learnts, (<usize>S.learntsCap) << 2, (<usize>nc) << 2, 0);
    S.learntsCap = nc;
  }
  sti(S.learnts, S.learntsSize++, cr);
}

/** Removes the watchers of deleted clauses from every watch list (after a round of deletions). */
function dropDeletedWatchers(): void {
  const n2 = S.numVars * 2;
  const arena = S.arena;
  for (let l = 0; l < n2; l++) {
    const t = S.wsTab + ((<usize>l) << 4);
    const ws = load<usize>(t);
    const end = ws + ((<usize>load<i32>(t, 4)) << 3);
    let j = ws;
    for (let i = ws; i < end; i += 8) {
      const c = arena + ((<usize>(load<i32>(i) >> 1)) << 2);
      if ((load<i32>(c, 4) & F_DELETED) == 0) {
        store<i64>(j, load<i64>(i));
        j += 8;
      }
    }
    store<i32>(t, <i32>((j - ws) >> 3), 4);
  }
}

/** Compacts the arena (dropping deleted clauses) and rebuilds every watch list. */
function collectGarbage(): void {
  const arenaSize = S.arenaSize;
  // pass 1: new positions into the spare header word
  let pos = 0;
  let dst = 0;
  while (pos < arenaSize) {
    const p = cptr(pos);
    const total = HDR + load<i32>(p);
    if ((load<i32>(p, 4) & F_DELETED) == 0) {
      store<i32>(p, dst, 8);
      dst += total;
    }
    pos += total;
  }
  // reasons
  for (let i = 0; i < S.trailSize; i++) {
    const v = ldi(S.trail, i) >> 1;
    const r = reason(v);
    if (r >= 0) {
      if ((cflags(r) & F_DELETED) != 0) sti(S.reasonArr, v, -1);
      else sti(S.reasonArr, v, load<i32>(cptr(r), 8));
    }
  }
  // learnt list
  let j = 0;
  for (let i = 0; i < S.learntsSize; i++) {
    const cr = ldi(S.learnts, i);
    if ((cflags(cr) & F_DELETED) == 0) sti(S.learnts, j++, load<i32>(cptr(cr), 8));
  }
  S.learntsSize = j;
  // pass 2: slide
  pos = 0;
  while (pos < arenaSize) {
    const p = cptr(pos);
    const total = HDR + load<i32>(p);
    if ((load<i32>(p, 4) & F_DELETED) == 0) {
      const to = load<i32>(p, 8);
      if (to != pos) memory.copy(cptr(to), p, (<usize>total) << 2);
    }
    pos += total;
  }
  S.arenaSize = dst;
  S.wasted = 0;
  // watches
  const n2 = S.numVars * 2;
  for (let l = 0; l < n2; l++) store<i32>(S.wsTab + ((<usize>l) << 4), 0, 4);
  pos = 0;
  while (pos < dst) {
    // the spare word held the forward address
    store<i32>(cptr(pos), circularSpare(csize(pos), (cflags(pos) & F_LEARNT) != 0), 8);
    attach(pos);
    pos += HDR + csize(pos);
  }
}

// ---------------------------------------------------------------------------------------------
// Sorting (in place, ascending).

export function sortI64(base: usize, lo0: i32, hi0: i32): void {
  let lo = lo0;
  let hi = hi0;
  while (hi - lo > 16) {
    const mid = lo + ((hi - lo) >> 1);
    const a = load<i64>(base + ((<usize>lo) << 3));
    const b = load<i64>(base + ((<usize>mid) << 3));
    const c = load<i64>(base + ((<usize>hi) << 3));
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (load<i64>(base + ((<usize>i) << 3)) < pivot) i++;
      while (load<i64>(base + ((<usize>j) << 3)) > pivot) j--;
      if (i <= j) {
        const pi = base + ((<usize>i) << 3);
        const pj = base + ((<usize>j) << 3);
        const t = load<i64>(pi);
        store<i64>(pi, load<i64>(pj));
        store<i64>(pj, t);
        i++;
        j--;
      }
    }
    if (j - lo < hi - i) {
      sortI64(base, lo, j);
      lo = i;
    } else {
      sortI64(base, i, hi);
      hi = j;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const x = load<i64>(base + ((<usize>i) << 3));
    let j = i - 1;
    while (j >= lo && load<i64>(base + ((<usize>j) << 3)) > x) {
      store<i64>(base + ((<usize>(j + 1)) << 3), load<i64>(base + ((<usize>j) << 3)));
      j--;
    }
    store<i64>(base + ((<usize>(j + 1)) << 3), x);
  }
}

/** Sorts n i32 at `base`: insertion sort for short runs, the i64 quicksort beyond. */
export function sortI32(base: usize, n: i32): void {
  if (n > 32) {
    const bytes = (<usize>n) << 3;
    const tmp = alloc(bytes);
    for (let i = 0; i < n; i++) store<i64>(tmp + ((<usize>i) << 3), <i64>ldi(base, i));
    sortI64(tmp, 0, n - 1);
    for (let i = 0; i < n; i++) sti(base, i, <i32>load<i64>(tmp + ((<usize>i) << 3)));
    free(tmp, bytes);
    return;
  }
  for (let i = 1; i < n; i++) {
    const x = ldi(base, i);
    let j = i - 1;
    while (j >= 0 && ldi(base, j) > x) {
      sti(base, j + 1, ldi(base, j));
      j--;
    }
    sti(base, j + 1, x);
  }
}

// ---------------------------------------------------------------------------------------------
// Reduction and simplification.

export function reduceDB(): void {
  const n = S.learntsSize;
  if (n == 0) return;
  const bytes = (<usize>n) << 3;
  const keys = alloc(bytes);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const cr = ldi(S.learnts, i);
    const f = cflags(cr);
    if ((f & F_DELETED) != 0) continue;
    let lbd = f >> 2;
    if (lbd > 1023) lbd = 1023;
    let sz = csize(cr);
    if (sz > 0xfffff) sz = 0xfffff;
    // ascending (lbd, size, cref): the better clauses first
    const key = ((<i64>lbd) << 52) | ((<i64>sz) << 32) | (<i64>cr);
    store<i64>(keys + ((<usize>m) << 3), key);
    m++;
  }
  if (m > 1) sortI64(keys, 0, m - 1);
  const half = m >> 1;
  let j = 0;
  for (let i = 0; i < m; i++) {
    const cr = <i32>(load<i64>(keys + ((<usize>i) << 3)) & 0x7fffffff);
    if (i >= half && (cflags(cr) >> 2) > 2 && !locked(cr)) deleteClause(cr);
    else sti(S.learnts, j++, cr);
  }
  S.learntsSize = j;
  free(keys, bytes);
  if (S.wasted > (S.arenaSize >> 2)) collectGarbage();
  else dropDeletedWatchers();
}

/** At level 0: removes every clause satisfied by a level-0 assignment. */
export function simplify(): void {
  for (let i = 0; i < S.trailSize; i++) sti(S.reasonArr, ldi(S.trail, i) >> 1, -1);
  let pos = 0;
  const arenaSize = S.arenaSize;
  while (pos < arenaSize) {
    const n = csize(pos);
    if ((cflags(pos) & F_DELETED) == 0) {
      for (let k = 0; k < n; k++) {
        if (val(clit(pos, k)) == 1) {
          if ((cflags(pos) & F_LEARNT) == 0) S.numOriginal--;
          deleteClause(pos);
          break;
        }
      }
    }
    pos += HDR + n;
  }
  let j = 0;
  for (let i = 0; i < S.learntsSize; i++) {
    const cr = ldi(S.learnts, i);
    if ((cflags(cr) & F_DELETED) == 0) sti(S.learnts, j++, cr);
  }
  S.learntsSize = j;
  S.simpTrail = S.trailSize;
  S.simpProps = S.propagations;
  if (S.wasted > (S.arenaSize >> 3)) collectGarbage();
  else dropDeletedWatchers();
}
