// Strata's CDCL SAT engine, compiled to WebAssembly with AssemblyScript (runtime "stub": no
// managed objects are ever allocated here; every array lives in linear memory behind a raw
// pointer, managed by the small power-of-two block allocator below).
//
// Design (after MiniSat / Glucose, written from scratch):
//   * literals: internal lit = 2*v + sign, v 0-based; the JS side speaks DIMACS ints.
//   * clause arena: one growable i32 array; a clause is [size, flags|lbd<<2, spare, lits...]
//     and is named by its word offset (cref). No object per clause.
//   * two watched literals (always lits[0] and lits[1]) with blocker literals; binary clauses
//     are flagged in the watcher and propagated without touching the arena.
//   * first-UIP learning, recursive clause minimisation, non-chronological backjumping.
//   * decisions: assumptions first (one level each), then the priority literals in order with
//     their polarity, then VSIDS (activity heap) with phase saving.
//     Lexicographic guarantee: every decision below the first non-priority decision is an
//     assumption or a priority literal decided true, taken in priority order; a priority literal
//     is only ever false when unit propagation (over clauses implied by the input) derives it
//     from assumptions and earlier priority literals that are true. So any model that agrees
//     with the found one on p1..p(i-1) must also have p(i) false: the first model found is the
//     lexicographically greatest. Restarts (to level 0), learning and clause deletion keep this:
//     learnt clauses are implied by the clauses alone (assumptions are decisions, not clauses).
//   * learnt-clause reduction by LBD (glue <= 2 kept forever), Luby restarts, level-0
//     simplification (satisfied clauses removed), arena compaction with watch rebuild.
//   * final-conflict analysis gives the failed assumptions.
//   * all scalar state is mirrored into a static block by saveState()/loadState() so the JS side
//     can clone an engine by copying linear memory into a fresh instance.

// ---------------------------------------------------------------------------------------------
// Memory: power-of-two block allocator with free lists (never returns memory to the OS).

const FREE_LISTS: usize = memory.data(64 * 4, 16);
const STATE: usize = memory.data(64 * 8, 16);

let heapTop: usize = 0;

function ensureMemory(end: usize): void {
  const have = (<usize>memory.size()) << 16;
  if (end <= have) return;
  const need = <i32>((end - have + 0xffff) >> 16);
  let delta = memory.size() >> 3;
  if (delta < need) delta = need;
  if (memory.grow(delta) < 0) {
    if (memory.grow(need) < 0) unreachable();
  }
}

@inline function sizeClass(bytes: usize): usize {
  return bytes <= 16 ? 4 : <usize>(32 - clz<u32>(<u32>(bytes - 1)));
}

function alloc(bytes: usize): usize {
  const k = sizeClass(bytes);
  const slot = FREE_LISTS + (k << 2);
  const head = load<usize>(slot);
  if (head != 0) {
    store<usize>(slot, load<usize>(head));
    return head;
  }
  if (heapTop == 0) heapTop = (__heap_base + 15) & ~(<usize>15);
  const p = heapTop;
  const end = p + ((<usize>1) << k);
  ensureMemory(end);
  heapTop = end;
  return p;
}

function free(p: usize, bytes: usize): void {
  if (p == 0 || bytes == 0) return;
  const slot = FREE_LISTS + (sizeClass(bytes) << 2);
  store<usize>(p, load<usize>(slot));
  store<usize>(slot, p);
}

/** A bigger block holding the old contents; the tail is filled with the byte `fill`. */
function grow(p: usize, oldBytes: usize, newBytes: usize, fill: u8): usize {
  const np = alloc(newBytes);
  if (oldBytes != 0) memory.copy(np, p, oldBytes);
  memory.fill(np + oldBytes, fill, newBytes - oldBytes);
  free(p, oldBytes);
  return np;
}

// ---------------------------------------------------------------------------------------------
// State (every global here must be saved by saveState / restored by loadState).

let ok: i32 = 1;
let numVars: i32 = 0;
let varCap: i32 = 0;

// per literal
let vals: usize = 0; // i8: 1 true, -1 false, 0 unassigned
let wsTab: usize = 0; // 16 bytes per literal: [ptr, size, cap, -]
// per variable
let levelArr: usize = 0; // i32
let reasonArr: usize = 0; // i32 cref or -1
let activity: usize = 0; // f64
let heapArr: usize = 0; // i32 var
let heapIdx: usize = 0; // i32 position or -1
let phase: usize = 0; // u8 saved sign (1 = negative)
let seen: usize = 0; // u8
let prioIdx: usize = 0; // i32 first index in the priority list or -1
let trail: usize = 0; // i32 lits
let trailLim: usize = 0; // i32 (cap + 1)
let model: usize = 0; // u8
let learntBuf: usize = 0; // i32 (cap + 1)
let stack: usize = 0; // i32
let toClear: usize = 0; // i32
let levelStamp: usize = 0; // i32 (cap + 2)

let trailSize: i32 = 0;
let qhead: i32 = 0;
let levels: i32 = 0; // decision level = number of trailLim entries
let heapSize: i32 = 0;
let stampCounter: i32 = 0;

let varInc: f64 = 1.0;
const VAR_DECAY: f64 = 0.95;

// clause arena
let arena: usize = 0;
let arenaSize: i32 = 0; // words in use
let arenaCap: i32 = 0;
let wasted: i32 = 0;
let numOriginal: i32 = 0;

// learnt clause list
let learnts: usize = 0;
let learntsSize: i32 = 0;
let learntsCap: i32 = 0;

// input buffer (JS writes DIMACS ints here)
let inBuf: usize = 0;
let inCap: i32 = 0;

// assumptions / priority / failed assumptions (internal lits; failed in DIMACS)
let assumps: usize = 0;
let numAssumps: i32 = 0;
let assumpsCap: i32 = 0;
let prio: usize = 0;
let prioSize: i32 = 0;
let prioCap: i32 = 0;
let prioNext: i32 = 0;
let failed: usize = 0;
let failedSize: i32 = 0;
let failedCap: i32 = 0;

// analysis outputs
let learntSize: i32 = 0;
let btLevel: i32 = 0;
let learntLbd: i32 = 0;
let toClearSize: i32 = 0;

// search control and statistics
let conflicts: i64 = 0;
let decisions: i64 = 0;
let propagations: i64 = 0;
let nextReduce: i64 = 2000;
let reduceCount: i32 = 0;
let simpTrail: i32 = -1;
let simpProps: i64 = 0;
let conflictBudget: i64 = -1;

const HDR: i32 = 3;
const F_LEARNT: i32 = 1;
const F_DELETED: i32 = 2;

// ---------------------------------------------------------------------------------------------
// Small accessors.

@inline function ldi(base: usize, i: i32): i32 { return load<i32>(base + ((<usize>i) << 2)); }
@inline function sti(base: usize, i: i32, x: i32): void { store<i32>(base + ((<usize>i) << 2), x); }
@inline function val(l: i32): i32 { return <i32>load<i8>(vals + <usize>l); }
@inline function cptr(cr: i32): usize { return arena + ((<usize>cr) << 2); }
@inline function csize(cr: i32): i32 { return load<i32>(cptr(cr)); }
@inline function cflags(cr: i32): i32 { return load<i32>(cptr(cr), 4); }
@inline function clit(cr: i32, k: i32): i32 { return load<i32>(cptr(cr) + ((<usize>(k + HDR)) << 2)); }
@inline function level(v: i32): i32 { return ldi(levelArr, v); }
@inline function reason(v: i32): i32 { return ldi(reasonArr, v); }
@inline function act(v: i32): f64 { return load<f64>(activity + ((<usize>v) << 3)); }
@inline function isSeen(v: i32): bool { return load<u8>(seen + <usize>v) != 0; }
@inline function setSeen(v: i32, s: u8): void { store<u8>(seen + <usize>v, s); }

@inline function fromDimacs(d: i32): i32 { return d > 0 ? (d - 1) << 1 : ((-d - 1) << 1) | 1; }
@inline function toDimacs(l: i32): i32 { const v = (l >> 1) + 1; return (l & 1) != 0 ? -v : v; }

// ---------------------------------------------------------------------------------------------
// Variables.

function ensureVarCap(n: i32): void {
  if (n <= varCap) return;
  let c = varCap == 0 ? 64 : varCap;
  while (c < n) c <<= 1;
  const o = <usize>varCap;
  const nc = <usize>c;
  vals = grow(vals, o * 2, nc * 2, 0);
  wsTab = grow(wsTab, o * 32, nc * 32, 0);
  levelArr = grow(levelArr, o * 4, nc * 4, 0);
  reasonArr = grow(reasonArr, o * 4, nc * 4, 0xff);
  activity = grow(activity, o * 8, nc * 8, 0);
  heapArr = grow(heapArr, o * 4, nc * 4, 0);
  heapIdx = grow(heapIdx, o * 4, nc * 4, 0xff);
  phase = grow(phase, o, nc, 1);
  seen = grow(seen, o, nc, 0);
  prioIdx = grow(prioIdx, o * 4, nc * 4, 0xff);
  trail = grow(trail, o * 4, nc * 4, 0);
  trailLim = grow(trailLim, (o + 1) * 4, (nc + 1) * 4, 0);
  model = grow(model, o, nc, 0);
  learntBuf = grow(learntBuf, (o + 1) * 4, (nc + 1) * 4, 0);
  stack = grow(stack, o * 4, nc * 4, 0);
  toClear = grow(toClear, o * 4, nc * 4, 0);
  levelStamp = grow(levelStamp, (o + 2) * 4, (nc + 2) * 4, 0);
  varCap = c;
}

export function newVar(): i32 {
  ensureVarCap(numVars + 1);
  const v = numVars;
  numVars++;
  heapInsert(v);
  return numVars;
}

/** Creates variables up to n (DIMACS numbering) at once. */
export function ensureVars(n: i32): i32 {
  if (n > numVars) {
    ensureVarCap(n);
    while (numVars < n) {
      heapInsert(numVars);
      numVars++;
    }
  }
  return numVars;
}

// ---------------------------------------------------------------------------------------------
// Activity heap (binary max-heap on activity).

function heapUp(i0: i32): void {
  let i = i0;
  const v = ldi(heapArr, i);
  const a = act(v);
  while (i > 0) {
    const p = (i - 1) >> 1;
    const pv = ldi(heapArr, p);
    if (act(pv) >= a) break;
    sti(heapArr, i, pv);
    sti(heapIdx, pv, i);
    i = p;
  }
  sti(heapArr, i, v);
  sti(heapIdx, v, i);
}

function heapDown(i0: i32): void {
  let i = i0;
  const v = ldi(heapArr, i);
  const a = act(v);
  while (true) {
    let c = 2 * i + 1;
    if (c >= heapSize) break;
    let cv = ldi(heapArr, c);
    if (c + 1 < heapSize) {
      const rv = ldi(heapArr, c + 1);
      if (act(rv) > act(cv)) {
        c++;
        cv = rv;
      }
    }
    if (act(cv) <= a) break;
    sti(heapArr, i, cv);
    sti(heapIdx, cv, i);
    i = c;
  }
  sti(heapArr, i, v);
  sti(heapIdx, v, i);
}

@inline function heapInsert(v: i32): void {
  if (ldi(heapIdx, v) < 0) {
    sti(heapArr, heapSize, v);
    sti(heapIdx, v, heapSize);
    heapSize++;
    heapUp(heapSize - 1);
  }
}

function heapRemoveMax(): i32 {
  const v = ldi(heapArr, 0);
  heapSize--;
  sti(heapIdx, v, -1);
  if (heapSize > 0) {
    const last = ldi(heapArr, heapSize);
    sti(heapArr, 0, last);
    sti(heapIdx, last, 0);
    heapDown(0);
  }
  return v;
}

function bumpVar(v: i32): void {
  const p = activity + ((<usize>v) << 3);
  const a = load<f64>(p) + varInc;
  store<f64>(p, a);
  if (a > 1e100) {
    for (let i = 0; i < numVars; i++) {
      const q = activity + ((<usize>i) << 3);
      store<f64>(q, load<f64>(q) * 1e-100);
    }
    varInc *= 1e-100;
  }
  const hi = ldi(heapIdx, v);
  if (hi >= 0) heapUp(hi);
}

// ---------------------------------------------------------------------------------------------
// Watches. A watcher is [cref << 1 | binary, blocker]; watches[l] holds clauses watching l.

function watch(l: i32, cr: i32, bin: i32, blocker: i32): void {
  const t = wsTab + ((<usize>l) << 4);
  let p = load<usize>(t);
  const size = load<i32>(t, 4);
  const cap = load<i32>(t, 8);
  if (size == cap) {
    const nc = cap == 0 ? 4 : cap << 1;
    const np = alloc((<usize>nc) << 3);
    if (size != 0) memory.copy(np, p, (<usize>size) << 3);
    free(p, (<usize>cap) << 3);
    p = np;
    store<usize>(t, np);
    store<i32>(t, nc, 8);
  }
  const w = p + ((<usize>size) << 3);
  store<i32>(w, (cr << 1) | bin);
  store<i32>(w, blocker, 4);
  store<i32>(t, size + 1, 4);
}

function attach(cr: i32): void {
  const l0 = clit(cr, 0);
  const l1 = clit(cr, 1);
  const bin = csize(cr) == 2 ? 1 : 0;
  watch(l0, cr, bin, l1);
  watch(l1, cr, bin, l0);
}

// ---------------------------------------------------------------------------------------------
// Clause arena.

function allocClause(lits: usize, n: i32, learnt: bool, lbd: i32): i32 {
  const need = arenaSize + HDR + n;
  if (need > arenaCap) {
    let c = arenaCap == 0 ? 1024 : arenaCap;
    while (c < need) c <<= 1;
    arena = grow(arena, (<usize>arenaCap) << 2, (<usize>c) << 2, 0);
    arenaCap = c;
  }
  const cr = arenaSize;
  const p = cptr(cr);
  store<i32>(p, n);
  store<i32>(p, (learnt ? F_LEARNT : 0) | (lbd << 2), 4);
  store<i32>(p, 0, 8);
  memory.copy(p + ((<usize>HDR) << 2), lits, (<usize>n) << 2);
  arenaSize = need;
  return cr;
}

@inline function locked(cr: i32): bool {
  const l0 = clit(cr, 0);
  return val(l0) == 1 && reason(l0 >> 1) == cr;
}

function deleteClause(cr: i32): void {
  const p = cptr(cr);
  store<i32>(p, load<i32>(p, 4) | F_DELETED, 4);
  wasted += HDR + load<i32>(p);
}

/** Compacts the arena (dropping deleted clauses) and rebuilds every watch list. */
function collectGarbage(): void {
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
  for (let i = 0; i < trailSize; i++) {
    const v = ldi(trail, i) >> 1;
    const r = reason(v);
    if (r >= 0) {
      if ((cflags(r) & F_DELETED) != 0) sti(reasonArr, v, -1);
      else sti(reasonArr, v, load<i32>(cptr(r), 8));
    }
  }
  // learnt list
  let j = 0;
  for (let i = 0; i < learntsSize; i++) {
    const cr = ldi(learnts, i);
    if ((cflags(cr) & F_DELETED) == 0) sti(learnts, j++, load<i32>(cptr(cr), 8));
  }
  learntsSize = j;
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
  arenaSize = dst;
  wasted = 0;
  // watches
  const n2 = numVars * 2;
  for (let l = 0; l < n2; l++) store<i32>(wsTab + ((<usize>l) << 4), 0, 4);
  pos = 0;
  while (pos < arenaSize) {
    attach(pos);
    pos += HDR + csize(pos);
  }
}

// ---------------------------------------------------------------------------------------------
// Trail.

@inline function enqueue(l: i32, from: i32): void {
  const v = l >> 1;
  store<i8>(vals + <usize>l, 1);
  store<i8>(vals + <usize>(l ^ 1), -1);
  sti(levelArr, v, levels);
  sti(reasonArr, v, from);
  sti(trail, trailSize, l);
  trailSize++;
}

@inline function newLevel(): void {
  sti(trailLim, levels, trailSize);
  levels++;
}

function cancelUntil(lvl: i32): void {
  if (levels <= lvl) return;
  const stop = ldi(trailLim, lvl);
  for (let c = trailSize - 1; c >= stop; c--) {
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
  trailSize = stop;
  qhead = stop;
  levels = lvl;
}

// ---------------------------------------------------------------------------------------------
// Propagation: returns the conflicting cref or -1.

function propagate(): i32 {
  let confl = -1;
  while (qhead < trailSize) {
    const p = ldi(trail, qhead);
    qhead++;
    propagations++;
    const falseLit = p ^ 1;
    const t = wsTab + ((<usize>falseLit) << 4);
    const ws = load<usize>(t);
    const end = ws + ((<usize>load<i32>(t, 4)) << 3);
    let i = ws;
    let j = ws;
    while (i < end) {
      const blocker = load<i32>(i, 4);
      const bv = val(blocker);
      if (bv == 1) {
        store<i64>(j, load<i64>(i));
        i += 8;
        j += 8;
        continue;
      }
      const w0 = load<i32>(i);
      if ((w0 & 1) != 0) {
        // binary clause: the blocker is the other literal
        store<i64>(j, load<i64>(i));
        i += 8;
        j += 8;
        const cr = w0 >> 1;
        if (bv == -1) {
          confl = cr;
          break;
        }
        const lp = cptr(cr) + ((<usize>HDR) << 2);
        if (load<i32>(lp) != blocker) {
          store<i32>(lp, blocker);
          store<i32>(lp, falseLit, 4);
        }
        enqueue(blocker, cr);
        continue;
      }
      const cr = w0 >> 1;
      const c = cptr(cr);
      i += 8;
      if ((load<i32>(c, 4) & F_DELETED) != 0) continue; // lazily dropped
      const lits = c + ((<usize>HDR) << 2);
      let first = load<i32>(lits);
      if (first == falseLit) {
        first = load<i32>(lits, 4);
        store<i32>(lits, first);
        store<i32>(lits, falseLit, 4);
      }
      const fv = val(first);
      if (first != blocker && fv == 1) {
        store<i32>(j, w0);
        store<i32>(j, first, 4);
        j += 8;
        continue;
      }
      const kend = lits + ((<usize>load<i32>(c)) << 2);
      let k = lits + 8;
      let found = false;
      for (; k < kend; k += 4) {
        const lk = load<i32>(k);
        if (val(lk) != -1) {
          store<i32>(lits, lk, 4);
          store<i32>(k, falseLit);
          watch(lk, cr, 0, first);
          found = true;
          break;
        }
      }
      if (found) continue;
      store<i32>(j, w0);
      store<i32>(j, first, 4);
      j += 8;
      if (fv == -1) {
        confl = cr;
        break;
      }
      enqueue(first, cr);
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
  return confl;
}

// ---------------------------------------------------------------------------------------------
// Conflict analysis.

@inline function abstractLevel(v: i32): i32 { return 1 << (level(v) & 31); }

function litRedundant(p: i32, abstractLevels: i32): bool {
  let sp = 0;
  sti(stack, sp++, p);
  const top = toClearSize;
  while (sp > 0) {
    const q = ldi(stack, --sp);
    const cr = reason(q >> 1);
    const n = csize(cr);
    for (let k = 1; k < n; k++) {
      const l = clit(cr, k);
      const v = l >> 1;
      if (!isSeen(v) && level(v) > 0) {
        if (reason(v) >= 0 && (abstractLevel(v) & abstractLevels) != 0) {
          setSeen(v, 1);
          sti(stack, sp++, l);
          sti(toClear, toClearSize++, l);
        } else {
          for (let m = top; m < toClearSize; m++) setSeen(ldi(toClear, m) >> 1, 0);
          toClearSize = top;
          return false;
        }
      }
    }
  }
  return true;
}

function computeLbd(lits: usize, n: i32): i32 {
  stampCounter++;
  let lbd = 0;
  for (let i = 0; i < n; i++) {
    const lv = level(ldi(lits, i) >> 1);
    if (ldi(levelStamp, lv) != stampCounter) {
      sti(levelStamp, lv, stampCounter);
      lbd++;
    }
  }
  return lbd;
}

function analyze(confl0: i32): void {
  let confl = confl0;
  let pathC = 0;
  let p = -1;
  let index = trailSize - 1;
  learntSize = 1;
  do {
    const n = csize(confl);
    for (let k = p == -1 ? 0 : 1; k < n; k++) {
      const q = clit(confl, k);
      const v = q >> 1;
      if (!isSeen(v) && level(v) > 0) {
        bumpVar(v);
        setSeen(v, 1);
        if (level(v) >= levels) pathC++;
        else sti(learntBuf, learntSize++, q);
      }
    }
    while (!isSeen(ldi(trail, index) >> 1)) index--;
    p = ldi(trail, index);
    index--;
    confl = reason(p >> 1);
    setSeen(p >> 1, 0);
    pathC--;
  } while (pathC > 0);
  sti(learntBuf, 0, p ^ 1);

  // recursive minimisation
  toClearSize = 0;
  for (let i = 1; i < learntSize; i++) sti(toClear, toClearSize++, ldi(learntBuf, i));
  let abstractLevels = 0;
  for (let i = 1; i < learntSize; i++) abstractLevels |= abstractLevel(ldi(learntBuf, i) >> 1);
  let j = 1;
  for (let i = 1; i < learntSize; i++) {
    const l = ldi(learntBuf, i);
    if (reason(l >> 1) < 0 || !litRedundant(l, abstractLevels)) sti(learntBuf, j++, l);
  }
  learntSize = j;

  // backjump level: the highest level among the rest, moved to position 1
  if (learntSize == 1) {
    btLevel = 0;
  } else {
    let maxI = 1;
    for (let i = 2; i < learntSize; i++) {
      if (level(ldi(learntBuf, i) >> 1) > level(ldi(learntBuf, maxI) >> 1)) maxI = i;
    }
    const l = ldi(learntBuf, maxI);
    sti(learntBuf, maxI, ldi(learntBuf, 1));
    sti(learntBuf, 1, l);
    btLevel = level(l >> 1);
  }
  learntLbd = computeLbd(learntBuf, learntSize);
  for (let i = 0; i < toClearSize; i++) setSeen(ldi(toClear, i) >> 1, 0);
}

/** The assumption `a` is false: collects the assumptions that imply its negation. */
function analyzeFinal(a: i32): void {
  failedSize = 0;
  sti(failed, failedSize++, toDimacs(a));
  if (levels == 0) return;
  setSeen(a >> 1, 1);
  const stop = ldi(trailLim, 0);
  for (let i = trailSize - 1; i >= stop; i--) {
    const l = ldi(trail, i);
    const x = l >> 1;
    if (isSeen(x)) {
      const r = reason(x);
      if (r < 0) {
        if (l != a) sti(failed, failedSize++, toDimacs(l));
      } else {
        const n = csize(r);
        for (let k = 1; k < n; k++) {
          const v = clit(r, k) >> 1;
          if (level(v) > 0) setSeen(v, 1);
        }
      }
      setSeen(x, 0);
    }
  }
  setSeen(a >> 1, 0);
}

// ---------------------------------------------------------------------------------------------
// Learnt clause database reduction.

function sortI64(base: usize, lo0: i32, hi0: i32): void {
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

function reduceDB(): void {
  const n = learntsSize;
  if (n == 0) return;
  const bytes = (<usize>n) << 3;
  const keys = alloc(bytes);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const cr = ldi(learnts, i);
    const f = cflags(cr);
    if ((f & F_DELETED) != 0) continue;
    let lbd = f >> 2;
    if (lbd > 1023) lbd = 1023;
    let sz = csize(cr);
    if (sz > 0xfffff) sz = 0xfffff;
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
    else sti(learnts, j++, cr);
  }
  learntsSize = j;
  free(keys, bytes);
  if (wasted > (arenaSize >> 2)) collectGarbage();
}

/** At level 0: removes every clause satisfied by a level-0 assignment. */
function simplify(): void {
  for (let i = 0; i < trailSize; i++) sti(reasonArr, ldi(trail, i) >> 1, -1);
  let pos = 0;
  while (pos < arenaSize) {
    const n = csize(pos);
    if ((cflags(pos) & F_DELETED) == 0) {
      for (let k = 0; k < n; k++) {
        if (val(clit(pos, k)) == 1) {
          if ((cflags(pos) & F_LEARNT) == 0) numOriginal--;
          deleteClause(pos);
          break;
        }
      }
    }
    pos += HDR + n;
  }
  let j = 0;
  for (let i = 0; i < learntsSize; i++) {
    const cr = ldi(learnts, i);
    if ((cflags(cr) & F_DELETED) == 0) sti(learnts, j++, cr);
  }
  learntsSize = j;
  simpTrail = trailSize;
  simpProps = propagations;
  if (wasted > (arenaSize >> 3)) collectGarbage();
}

// ---------------------------------------------------------------------------------------------
// Search.

function pickBranch(): i32 {
  while (prioNext < prioSize) {
    const l = ldi(prio, prioNext);
    if (val(l) == 0) return l;
    prioNext++;
  }
  while (heapSize > 0) {
    const v = heapRemoveMax();
    if (val(v << 1) == 0) return (v << 1) | <i32>load<u8>(phase + <usize>v);
  }
  return -1;
}

function pushLearnt(cr: i32): void {
  if (learntsSize == learntsCap) {
    const nc = learntsCap == 0 ? 256 : learntsCap << 1;
    learnts = grow(learnts, (<usize>learntsCap) << 2, (<usize>nc) << 2, 0);
    learntsCap = nc;
  }
  sti(learnts, learntsSize++, cr);
}

/**
 * Restarts keep the levels of assumptions and priority decisions: their order is fixed, so
 * redoing them would only repeat the same propagation (with 100k priority literals, a lot of
 * it). Only the activity-driven part of the trail is thrown away.
 */
function restartLevel(): i32 {
  let l = 0;
  while (l < levels) {
    if (l >= numAssumps) {
      const d = ldi(trail, ldi(trailLim, l));
      if (ldi(prioIdx, d >> 1) < 0) break;
    }
    l++;
  }
  return l;
}

/** 1: model found, -1: unsatisfiable (under the assumptions), 0: restart. */
function search(nofConflicts: i32): i32 {
  let conflictC = 0;
  while (true) {
    const confl = propagate();
    if (confl >= 0) {
      conflicts++;
      conflictC++;
      if (levels == 0) {
        ok = 0;
        return -1;
      }
      analyze(confl);
      cancelUntil(btLevel);
      const l0 = ldi(learntBuf, 0);
      if (learntSize == 1) {
        enqueue(l0, -1);
      } else {
        const cr = allocClause(learntBuf, learntSize, true, learntLbd);
        pushLearnt(cr);
        attach(cr);
        enqueue(l0, cr);
      }
      varInc *= 1.0 / VAR_DECAY;
    } else {
      if (conflictC >= nofConflicts || (conflictBudget >= 0 && conflicts >= conflictBudget)) {
        cancelUntil(restartLevel());
        return 0;
      }
      if (levels == 0 && trailSize > simpTrail && propagations - simpProps >= <i64>(arenaSize >> 2)) simplify();
      if (conflicts >= nextReduce) {
        reduceCount++;
        nextReduce = conflicts + 2000 + 300 * <i64>reduceCount;
        reduceDB();
      }
      let next = -1;
      while (levels < numAssumps) {
        const a = ldi(assumps, levels);
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
        decisions++;
        next = pickBranch();
        if (next < 0) return 1;
      }
      newLevel();
      enqueue(next, -1);
    }
  }
  return 0;
}

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

// ---------------------------------------------------------------------------------------------
// The exported interface.

/** A buffer of at least n i32 for the JS side to write DIMACS literals into. */
export function inputBuffer(n: i32): usize {
  if (n > inCap) {
    let c = inCap == 0 ? 256 : inCap;
    while (c < n) c <<= 1;
    free(inBuf, (<usize>inCap) << 2);
    inBuf = alloc((<usize>c) << 2);
    inCap = c;
  }
  return inBuf;
}

function sortI32(base: usize, n: i32): void {
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

/** Adds the clause of n DIMACS literals at `buf` (rewritten in place). Returns 0 once unsatisfiable. */
function addClauseAt(buf: usize, n: i32): i32 {
  if (ok == 0) return 0;
  cancelUntil(0);
  let maxVar = 0;
  for (let i = 0; i < n; i++) {
    const d = ldi(buf, i);
    const v = d < 0 ? -d : d;
    if (v > maxVar) maxVar = v;
    sti(buf, i, fromDimacs(d));
  }
  ensureVars(maxVar);
  if (n > 32) {
    // sort as i64 keys (reusing the quicksort) for long clauses
    const bytes = (<usize>n) << 3;
    const tmp = alloc(bytes);
    for (let i = 0; i < n; i++) store<i64>(tmp + ((<usize>i) << 3), <i64>ldi(buf, i));
    sortI64(tmp, 0, n - 1);
    for (let i = 0; i < n; i++) sti(buf, i, <i32>load<i64>(tmp + ((<usize>i) << 3)));
    free(tmp, bytes);
  } else {
    sortI32(buf, n);
  }
  let j = 0;
  let prev = -2;
  for (let i = 0; i < n; i++) {
    const l = ldi(buf, i);
    const lv = val(l);
    if (lv == 1 || l == (prev ^ 1)) return 1; // satisfied or tautology
    if (lv == 0 && l != prev) sti(buf, j++, l);
    prev = l;
  }
  if (j == 0) {
    ok = 0;
    return 0;
  }
  if (j == 1) {
    enqueue(ldi(buf, 0), -1);
    if (propagate() >= 0) ok = 0;
    return ok;
  }
  const cr = allocClause(buf, j, false, 0);
  attach(cr);
  numOriginal++;
  return 1;
}

/** Adds the clause of n DIMACS literals in the input buffer. */
export function addClause(n: i32): i32 {
  return addClauseAt(inBuf, n);
}

/**
 * Adds every clause in the first `total` entries of the input buffer, each ended by 0: one call
 * for a whole encoding instead of one per clause.
 */
export function addClauses(total: i32): i32 {
  let start = 0;
  for (let i = 0; i < total; i++) {
    if (ldi(inBuf, i) != 0) continue;
    addClauseAt(inBuf + ((<usize>start) << 2), i - start);
    start = i + 1;
  }
  return ok;
}

/** Replaces the priority list by the n DIMACS literals in the input buffer. */
export function setPriority(n: i32): void {
  cancelUntil(0);
  // the old priority variables go back to the activity heap
  for (let i = 0; i < prioSize; i++) {
    const v = ldi(prio, i) >> 1;
    sti(prioIdx, v, -1);
    heapInsert(v);
  }
  if (n > prioCap) {
    let c = prioCap == 0 ? 64 : prioCap;
    while (c < n) c <<= 1;
    free(prio, (<usize>prioCap) << 2);
    prio = alloc((<usize>c) << 2);
    prioCap = c;
  }
  let maxVar = 0;
  for (let i = 0; i < n; i++) {
    const d = ldi(inBuf, i);
    const v = d < 0 ? -d : d;
    if (v > maxVar) maxVar = v;
  }
  ensureVars(maxVar);
  for (let i = 0; i < n; i++) {
    const l = fromDimacs(ldi(inBuf, i));
    sti(prio, i, l);
    if (ldi(prioIdx, l >> 1) < 0) sti(prioIdx, l >> 1, i);
  }
  prioSize = n;
  prioNext = 0;
}

/** Solves under the n DIMACS assumptions in the input buffer: 1 satisfiable, 0 not, -1 budget out. */
export function solve(n: i32): i32 {
  failedSize = 0;
  if (n + 1 > failedCap) {
    let c = failedCap == 0 ? 64 : failedCap;
    while (c < n + 1) c <<= 1;
    free(failed, (<usize>failedCap) << 2);
    failed = alloc((<usize>c) << 2);
    failedCap = c;
  }
  if (ok == 0) return 0;
  // The previous satisfiable solve left its assumption levels on the trail (levels 1..k hold
  // assumptions 0..k-1, propagated to a fixpoint); keep those this solve shares, so that a
  // series of solves under a common prefix (enumeration, explanations) does not redo it.
  let common = 0;
  while (common < n && common < levels && ldi(assumps, common) == fromDimacs(ldi(inBuf, common))) common++;
  if (n > assumpsCap) {
    let c = assumpsCap == 0 ? 64 : assumpsCap;
    while (c < n) c <<= 1;
    const next = alloc((<usize>c) << 2);
    memory.copy(next, assumps, (<usize>common) << 2);
    free(assumps, (<usize>assumpsCap) << 2);
    assumps = next;
    assumpsCap = c;
  }
  let maxVar = 0;
  for (let i = 0; i < n; i++) {
    const d = ldi(inBuf, i);
    const v = d < 0 ? -d : d;
    if (v > maxVar) maxVar = v;
    sti(assumps, i, fromDimacs(d));
  }
  ensureVars(maxVar);
  numAssumps = n;
  cancelUntil(common);
  if (common == 0 && propagate() >= 0) {
    ok = 0;
    numAssumps = 0;
    return 0;
  }
  prioNext = 0;
  let status = 0;
  let restarts = 0;
  while (status == 0) {
    if (conflictBudget >= 0 && conflicts >= conflictBudget) break;
    status = search(<i32>(luby(2.0, restarts) * 100.0));
    restarts++;
  }
  if (status == 1) {
    for (let v = 0; v < numVars; v++) store<u8>(model + <usize>v, val(v << 1) == 1 ? 1 : 0);
    cancelUntil(numAssumps);
  } else {
    cancelUntil(0);
  }
  numAssumps = 0;
  return status == 1 ? 1 : status == -1 ? 0 : -1;
}

/** Limits the total number of conflicts (across solves); -1 for no limit. */
export function setConflictBudget(b: f64): void {
  conflictBudget = <i64>b;
}

export function modelPtr(): usize { return model; }
export function failedPtr(): usize { return failed; }
export function failedCount(): i32 { return failedSize; }
export function varCount(): i32 { return numVars; }
export function clauseCount(): i32 { return numOriginal; }
export function learntCount(): i32 { return learntsSize; }
export function isOk(): i32 { return ok; }
export function statConflicts(): f64 { return <f64>conflicts; }
export function statDecisions(): f64 { return <f64>decisions; }
export function statPropagations(): f64 { return <f64>propagations; }
/** Bytes of linear memory in use by the allocator. */
export function heapUsed(): f64 { return <f64>heapTop; }

// ---------------------------------------------------------------------------------------------
// Cloning support: scalar state <-> the static STATE block (which lives in linear memory).

@inline function sv(k: i32, x: i64): void { store<i64>(STATE + ((<usize>k) << 3), x); }
@inline function lv(k: i32): i64 { return load<i64>(STATE + ((<usize>k) << 3)); }

export function saveState(): void {
  sv(0, <i64>heapTop); sv(1, ok); sv(2, numVars); sv(3, varCap);
  sv(4, <i64>vals); sv(5, <i64>wsTab); sv(6, <i64>levelArr); sv(7, <i64>reasonArr);
  sv(8, <i64>activity); sv(9, <i64>heapArr); sv(10, <i64>heapIdx); sv(11, <i64>phase);
  sv(12, <i64>seen); sv(13, <i64>prioIdx); sv(14, <i64>trail); sv(15, <i64>trailLim);
  sv(16, <i64>model); sv(17, <i64>learntBuf); sv(18, <i64>stack); sv(19, <i64>toClear);
  sv(20, <i64>levelStamp); sv(21, trailSize); sv(22, qhead); sv(23, levels);
  sv(24, heapSize); sv(25, stampCounter); sv(26, reinterpret<i64>(varInc)); sv(27, <i64>arena);
  sv(28, arenaSize); sv(29, arenaCap); sv(30, wasted); sv(31, numOriginal);
  sv(32, <i64>learnts); sv(33, learntsSize); sv(34, learntsCap); sv(35, <i64>inBuf);
  sv(36, inCap); sv(37, <i64>assumps); sv(38, numAssumps); sv(39, assumpsCap);
  sv(40, <i64>prio); sv(41, prioSize); sv(42, prioCap); sv(43, prioNext);
  sv(44, <i64>failed); sv(45, failedSize); sv(46, failedCap); sv(47, learntSize);
  sv(48, btLevel); sv(49, learntLbd); sv(50, toClearSize); sv(51, conflicts);
  sv(52, decisions); sv(53, propagations); sv(54, nextReduce); sv(55, reduceCount);
  sv(56, simpTrail); sv(57, simpProps); sv(58, conflictBudget);
}

export function loadState(): void {
  heapTop = <usize>lv(0); ok = <i32>lv(1); numVars = <i32>lv(2); varCap = <i32>lv(3);
  vals = <usize>lv(4); wsTab = <usize>lv(5); levelArr = <usize>lv(6); reasonArr = <usize>lv(7);
  activity = <usize>lv(8); heapArr = <usize>lv(9); heapIdx = <usize>lv(10); phase = <usize>lv(11);
  seen = <usize>lv(12); prioIdx = <usize>lv(13); trail = <usize>lv(14); trailLim = <usize>lv(15);
  model = <usize>lv(16); learntBuf = <usize>lv(17); stack = <usize>lv(18); toClear = <usize>lv(19);
  levelStamp = <usize>lv(20); trailSize = <i32>lv(21); qhead = <i32>lv(22); levels = <i32>lv(23);
  heapSize = <i32>lv(24); stampCounter = <i32>lv(25); varInc = reinterpret<f64>(lv(26)); arena = <usize>lv(27);
  arenaSize = <i32>lv(28); arenaCap = <i32>lv(29); wasted = <i32>lv(30); numOriginal = <i32>lv(31);
  learnts = <usize>lv(32); learntsSize = <i32>lv(33); learntsCap = <i32>lv(34); inBuf = <usize>lv(35);
  inCap = <i32>lv(36); assumps = <usize>lv(37); numAssumps = <i32>lv(38); assumpsCap = <i32>lv(39);
  prio = <usize>lv(40); prioSize = <i32>lv(41); prioCap = <i32>lv(42); prioNext = <i32>lv(43);
  failed = <usize>lv(44); failedSize = <i32>lv(45); failedCap = <i32>lv(46); learntSize = <i32>lv(47);
  btLevel = <i32>lv(48); learntLbd = <i32>lv(49); toClearSize = <i32>lv(50); conflicts = lv(51);
  decisions = lv(52); propagations = lv(53); nextReduce = lv(54); reduceCount = <i32>lv(55);
  simpTrail = <i32>lv(56); simpProps = lv(57); conflictBudget = lv(58);
}
