// Conflict analysis (MiniSat): first-UIP learning, recursive minimisation of the learnt clause,
// its backjump level and LBD (the number of distinct decision levels in it, Glucose's measure
// of quality, kept in the clause header for reduceDB and lowered when a learnt clause meets a
// later conflict with fewer levels). analyzeFinal gives the failed
// assumptions when an assumption is found false. Learnt clauses are implied by the clauses
// alone (assumptions and priority literals are decisions, never clauses), which is what keeps
// the lexicographic guarantee through learning (see search.ts).
import { S, HDR, F_LEARNT, ldi, sti, cptr, csize, cflags, clit, level, reason, isSeen, setSeen, toDimacs } from './state';
import { bumpVar } from './heap';

@inline function abstractLevel(v: i32): i32 { return 1 << (level(v) & 31); }

function litRedundant(p: i32, abstractLevels: i32): bool {
  const stack = S.stack;
  const toClear = S.toClear;
  let sp = 0;
  sti(stack, sp++, p);
  const top = S.toClearSize;
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
          sti(toClear, S.toClearSize++, l);
        } else {
          for (let m = top; m < S.toClearSize; m++) setSeen(ldi(toClear, m) >> 1, 0);
          S.toClearSize = top;
          return false;
        }
      }
    }
  }
  return true;
}

export function computeLbd(lits: usize, n: i32): i32 {
  const stamp = ++S.stampCounter;
  const levelStamp = S.levelStamp;
  let lbd = 0;
  for (let i = 0; i < n; i++) {
    const lv = level(ldi(lits, i) >> 1);
    if (ldi(levelStamp, lv) != stamp) {
      sti(levelStamp, lv, stamp);
      lbd++;
    }
  }
  return lbd;
}

/** Learns from the conflict `confl0`: learntBuf[0..learntSize) with the UIP first, btLevel, learntLbd. */
export function analyze(confl0: i32): void {
  const learntBuf = S.learntBuf;
  const trail = S.trail;
  const levels = S.levels;
  let confl = confl0;
  let pathC = 0;
  let p = -1;
  let index = S.trailSize - 1;
  let learntSize = 1;
  do {
    const n = csize(confl);
    const flags = cflags(confl);
    if ((flags & F_LEARNT) != 0 && (flags >> 2) > 2) {
      // Glucose: a learnt clause that keeps taking part in conflicts gets its LBD recomputed
      // under the current levels; a lower one protects it from the next reduction
      const lbd = computeLbd(cptr(confl) + ((<usize>HDR) << 2), n);
      if (lbd < (flags >> 2)) store<i32>(cptr(confl), (flags & 3) | (lbd << 2), 4);
    }
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
  const toClear = S.toClear;
  S.toClearSize = 0;
  for (let i = 1; i < learntSize; i++) sti(toClear, S.toClearSize++, ldi(learntBuf, i));
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
    S.btLevel = 0;
  } else {
    let maxI = 1;
    for (let i = 2; i < learntSize; i++) {
      if (level(ldi(learntBuf, i) >> 1) > level(ldi(learntBuf, maxI) >> 1)) maxI = i;
    }
    const l = ldi(learntBuf, maxI);
    sti(learntBuf, maxI, ldi(learntBuf, 1));
    sti(learntBuf, 1, l);
    S.btLevel = level(l >> 1);
  }
  S.learntSize = learntSize;
  S.learntLbd = computeLbd(learntBuf, learntSize);
  const clearN = S.toClearSize;
  for (let i = 0; i < clearN; i++) setSeen(ldi(toClear, i) >> 1, 0);
}

/** The assumption `a` is false: collects the assumptions that imply its negation. */
export function analyzeFinal(a: i32): void {
  const failed = S.failed;
  let failedSize = 0;
  sti(failed, failedSize++, toDimacs(a));
  if (S.levels != 0) {
    setSeen(a >> 1, 1);
    const stop = ldi(S.trailLim, 0);
    for (let i = S.trailSize - 1; i >= stop; i--) {
      const l = ldi(S.trail, i);
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
  S.failedSize = failedSize;
}
