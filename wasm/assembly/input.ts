// Variables and clauses as they come in from the JS side (DIMACS literals): shared by the
// exports of index.ts and the DIMACS reader of dimacs.ts.
import { S, ldi, sti, val, fromDimacs } from './state';
import { ensureVarCap } from './memory';
import { heapInsert } from './heap';
import { allocClause, attach, sortI32 } from './clauses';
import { enqueue, cancelUntil, propagate } from './propagate';

/** Creates variables up to n (DIMACS numbering) at once. */
export function ensureVars(n: i32): i32 {
  if (n > S.numVars) {
    ensureVarCap(n);
    while (S.numVars < n) {
      heapInsert(S.numVars);
      S.numVars++;
    }
  }
  return S.numVars;
}

/** The largest variable among n DIMACS literals at `buf`. */
export function maxVarAt(buf: usize, n: i32): i32 {
  let maxVar = 0;
  for (let i = 0; i < n; i++) {
    const d = ldi(buf, i);
    const v = d < 0 ? -d : d;
    if (v > maxVar) maxVar = v;
  }
  return maxVar;
}

/** Adds the clause of n DIMACS literals at `buf` (rewritten in place). Returns 0 once unsatisfiable. */
export function addClauseAt(buf: usize, n: i32): i32 {
  if (S.ok == 0) return 0;
  cancelUntil(0);
  ensureVars(maxVarAt(buf, n));
  for (let i = 0; i < n; i++) sti(buf, i, fromDimacs(ldi(buf, i)));
  sortI32(buf, n);
  let j = 0;
  let prev = -2;
  for (let i = 0; i < n; i++) {
    const l = ldi(buf, i);
    const lv = val(l);
    if (lv == 1 || l == (prev ^ 1)) return 1; // satisfied or tautology
    if (lv == 0 && l != prev) {
      sti(buf, j++, l);
      store<u8>(S.occurs + <usize>l, 1);
    }
    prev = l;
  }
  if (j == 0) {
    S.ok = 0;
    return 0;
  }
  if (j == 1) {
    enqueue(ldi(buf, 0), -1);
    if (propagate() >= 0) S.ok = 0;
    return S.ok;
  }
  const cr = allocClause(buf, j, false, 0);
  attach(cr);
  S.numOriginal++;
  return 1;
}

