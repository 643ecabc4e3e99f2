// Decision order for the variables outside the priority list: VSIDS. A binary max-heap on
// activity; conflict analysis bumps the variables it meets by varInc, and varInc grows by
// 1/decay per conflict so recent conflicts weigh more (MiniSat). Priority variables never
// enter the heap: their order is the caller's and must not be disturbed by activity.
import { S, ldi, sti, act } from './state';

export const VAR_DECAY: f64 = 0.95;

function heapUp(i0: i32): void {
  const heapArr = S.heapArr;
  const heapIdx = S.heapIdx;
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
  const heapArr = S.heapArr;
  const heapIdx = S.heapIdx;
  const heapSize = S.heapSize;
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

@inline export function heapInsert(v: i32): void {
  if (ldi(S.heapIdx, v) < 0) {
    const n = S.heapSize;
    sti(S.heapArr, n, v);
    sti(S.heapIdx, v, n);
    S.heapSize = n + 1;
    heapUp(n);
  }
}

export function heapRemoveMax(): i32 {
  const v = ldi(S.heapArr, 0);
  const n = S.heapSize - 1;
  S.heapSize = n;
  sti(S.heapIdx, v, -1);
  if (n > 0) {
    const last = ldi(S.heapArr, n);
    sti(S.heapArr, 0, last);
    sti(S.heapIdx, last, 0);
    heapDown(0);
  }
  return v;
}

/** Empties the heap: the state popping every variable leaves, without sifting each one down. */
export function heapClear(): void {
  const heapArr = S.heapArr;
  const heapIdx = S.heapIdx;
  const n = S.heapSize;
  for (let i = 0; i < n; i++) sti(heapIdx, ldi(heapArr, i), -1);
  S.heapSize = 0;
}

export function bumpVar(v: i32): void {
  const p = S.activity + ((<usize>v) << 3);
  const a = load<f64>(p) + S.varInc;
  store<f64>(p, a);
  if (a > 1e100) {
    const n = S.numVars;
    for (let i = 0; i < n; i++) {
      const q = S.activity + ((<usize>i) << 3);
      store<f64>(q, load<f64>(q) * 1e-100);
    }
    S.varInc *= 1e-100;
  }
  const hi = ldi(S.heapIdx, v);
  if (hi >= 0) heapUp(hi);
}

@inline export function decayActivities(): void {
  S.varInc *= 1.0 / VAR_DECAY;
}
