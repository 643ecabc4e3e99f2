// DIMACS CNF read inside the module: the bytes of a file go in (one copy), the clauses go
// straight to addClauseAt, with no JS array in between. A cold `strata sat` run would otherwise
// parse in interpreted JS; here the baseline compiler's code is fast from the first byte.
// It accepts exactly what src/sat/dimacs.ts accepts; on anything else it stops and reports a
// nonzero code, and the JS reader reads the file again to say what is wrong and where.
import { S, HDR, sti } from './state';
import { alloc, free, grow } from './memory';
import { ensureVars, addClauseAt } from './input';
import { reserveArena } from './clauses';

const LF: u8 = 10;
const LIMIT: i64 = 0x7fffffff;


@inline function isBlank(c: u32): bool {
  return c == 32 || c == 9 || c == 13 || c == 11 || c == 12;
}
@inline function isSpace(c: u32): bool {
  return c == 10 || isBlank(c);
}

/** A block of n bytes for the JS side to copy a file into (free it with freeBytes). */
export function allocBytes(n: i32): usize {
  const m = n > 0 ? n : 1;
  return alloc(<usize>m);
}
export function freeBytes(p: usize, n: i32): void {
  const m = n > 0 ? n : 1;
  free(p, <usize>m);
}

/** The number of clauses the last readDimacs read (tautologies and duplicates included). */
export function dimacsClauseCount(): i32 {
  return S.dimacsClauses;
}

/** Reads `p cnf V C` from i (after the `p`) to the end of the line; 0 when it does not read so. */
// the most variables a 32-bit memory holds with room for clauses (the JS reader names it)
const MAX_VARS: i32 = 1 << 25;

function readHeader(p: usize, from: i32, end: i32): bool {
  let i = from;
  if (i >= end || !isBlank(load<u8>(p + <usize>i))) return false;
  while (i < end && isBlank(load<u8>(p + <usize>i))) i++;
  if (end - i < 3 || load<u8>(p + <usize>i) != 99 || load<u8>(p + <usize>i + 1) != 110 || load<u8>(p + <usize>i + 2) != 102) return false;
  i += 3;
  for (let f = 0; f < 2; f++) {
    if (i >= end || !isBlank(load<u8>(p + <usize>i))) return false;
    while (i < end && isBlank(load<u8>(p + <usize>i))) i++;
    let value: i64 = 0;
    let digits = 0;
    while (i < end) {
      const d = <i32>load<u8>(p + <usize>i) - 48;
      if (d < 0 || d > 9) break;
      if (value <= LIMIT) value = value * 10 + d;
      digits++;
      i++;
    }
    if (digits == 0 || value > LIMIT) return false;
    if (f == 0) S.dimacsVars = <i32>value;
    else S.dimacsDeclared = <i32>value;
  }
  while (i < end && isBlank(load<u8>(p + <usize>i))) i++;
  return i == end;
}

/**
 * Reads the literals of one line from i, adding each clause that a 0 ends; the clause being read
 * carries over to the next line in S.dimacsSize. The line's end (LF or n), or -1 on anything
 * but literals. A function of its own, called per line, so that V8 moves it to optimised code
 * while a big file is read: a running wasm call stays in the baseline code it started with,
 * which parses 3-4 times slower.
 */
function readLits(p: usize, from: i32, n: i32): i32 {
  let i = from;
  let size = S.dimacsSize;
  while (i < n) {
    const ch = <u32>load<u8>(p + <usize>i);
    if (ch == LF) break;
    if (isBlank(ch)) {
      i++;
      continue;
    }
    let neg = false;
    if (ch == 45) {
      neg = true;
      i++;
    }
    let value: i64 = 0;
    let digits = 0;
    while (i < n) {
      const d = <i32>load<u8>(p + <usize>i) - 48;
      if (d < 0 || d > 9) break;
      if (value <= LIMIT) value = value * 10 + d;
      digits++;
      i++;
    }
    if (digits == 0 || (i < n && !isSpace(load<u8>(p + <usize>i)))) return -1;
    if (value == 0) {
      if (neg) return -1;
      addClauseAt(S.inBuf, size);
      size = 0;
      S.dimacsClauses++;
      continue;
    }
    if (value > <i64>S.dimacsVars) return -1;
    if (size == S.inCap) {
      const c = S.inCap << 1;
      S.inBuf = grow(S.inBuf, (<usize>S.inCap) << 2, (<usize>c) << 2, 0);
      S.inCap = c;
    }
    sti(S.inBuf, size++, neg ? -<i32>value : <i32>value);
  }
  S.dimacsSize = size;
  return i;
}

/**
 * Reads the n bytes at p as DIMACS CNF and adds its clauses (and its variables) to the engine.
 * 0 when the file is well formed; otherwise the 1-based line where reading stopped.
 */
export function readDimacs(p: usize, n: i32): i32 {
  S.dimacsVars = -1;
  S.dimacsDeclared = 0;
  S.dimacsClauses = 0;
  S.dimacsSize = 0;
  let line = 0;
  let pos = 0;
  if (S.inCap < 256) {
    free(S.inBuf, (<usize>S.inCap) << 2);
    S.inBuf = alloc(256 << 2);
    S.inCap = 256;
  }
  while (pos < n) {
    line++;
    let i = pos;
    while (i < n && isBlank(load<u8>(p + <usize>i))) i++;
    if (i >= n) break;
    const first = load<u8>(p + <usize>i);
    if (first == LF) {
      pos = i + 1;
      continue;
    }
    if (first == 99 || first == 112) {
      // c: comment; p: the header
      let end = i;
      while (end < n && load<u8>(p + <usize>end) != LF) end++;
      pos = end + 1;
      if (first == 112) {
        if (S.dimacsVars >= 0 || !readHeader(p, i + 1, end) || S.dimacsVars > MAX_VARS) return line;
        ensureVars(S.dimacsVars);
        // the most the clauses can take: a literal is at least two bytes ("1 "), and each
        // declared clause a header (a wrong count is an error found at the end)
        const most = <i64>S.arenaSize + (<i64>(n - end) >> 1) + <i64>HDR * <i64>S.dimacsDeclared;
        if (most <= <i64>(1 << 24)) reserveArena(<i32>most);
      }
      continue;
    }
    if (first == 37) break; // %
    if (S.dimacsVars < 0) return line;
    i = readLits(p, i, n);
    if (i < 0) return line;
    pos = i + 1;
  }
  if (S.dimacsSize > 0 || S.dimacsVars < 0) return line > 0 ? line : 1;
  if (S.dimacsClauses != S.dimacsDeclared) return line > 0 ? line : 1;
  return 0;
}
