// DIMACS CNF: `c` comment lines, one `p cnf VARS CLAUSES` header, then clauses as literals
// ended by 0 (a clause may span lines, a line may hold several). A line starting with `%`
// ends the formula (the SATLIB benchmark files put `%` and a stray `0` after the last clause).
//
// The reader scans bytes once (no split, regex or string per line or token) into one flat
// Int32Array of literals with each clause ended by 0: the form the wasm engine's addClauses
// takes in a single call, so a million-clause file makes no per-clause objects at all.
import { InputError, MAX_PROBLEMS, type Problem } from '../load/errors.js';

export interface DimacsCnf {
  numVars: number;
  numClauses: number;
  /** Every clause's literals followed by 0, clause after clause. */
  lits: Int32Array;
}

const SPACE = 32;
const TAB = 9;
const CR = 13;
const LF = 10;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;
const LIMIT = 0x7fffffff; // literals are i32 in the engine
/** the most variables the wasm engine's 32-bit memory holds with room for clauses */
export const MAX_VARS = 1 << 25;

const decoder = new TextDecoder();

/** Parses DIMACS CNF (text or its bytes); throws InputError naming `file` and `line N` for every problem. */
export function parseDimacs(input: string | Uint8Array, file = '<cnf>'): DimacsCnf {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const problems: Problem[] = [];
  let total = 0;
  const problem = (line: number, message: string): void => {
    total++;
    if (problems.length < MAX_PROBLEMS) problems.push({ file, path: `line ${line}`, message });
  };
  const text = (from: number, to: number): string => decoder.decode(bytes.subarray(from, to)).trim();

  let numVars = -1;
  let limit = LIMIT; // the largest variable allowed (only the i32 range without a valid header)
  let declared = 0;
  let headerLine = 0;
  let out: Int32Array = new Int32Array(Math.max(1024, bytes.length >> 2));
  let size = 0;
  let numClauses = 0;
  let clauseStart = 0; // index in `out` where the clause being read started
  let clauseLine = 0; // where it started in the file
  let line = 0;
  let pos = 0;
  const n = bytes.length;

  // One pass over the bytes, a line at a time; `pos` is always at the start of a line. Line ends
  // are found by the scan itself (Buffer.indexOf per line costs a native call each: most of the
  // time on a file of short clauses).
  while (pos < n) {
    line++;
    let i = pos;
    while (i < n && isBlank(bytes[i]!)) i++;
    if (i >= n) break;
    const first = bytes[i]!;
    if (first === LF) {
      pos = i + 1;
      continue;
    }
    if (first === 99 /* c */) {
      pos = lineEnd(bytes, i, n) + 1;
      continue;
    }
    if (first === 37 /* % */) break;
    if (first === 112 /* p */) {
      const end = lineEnd(bytes, i, n);
      pos = end + 1;
      if (numVars >= 0) {
        problem(line, `a second "p" header (the first is on line ${headerLine})`);
        continue;
      }
      headerLine = line;
      const header = readHeader(bytes, i + 1, end);
      if (header === null) {
        problem(line, `the header must read "p cnf VARIABLES CLAUSES", got ${JSON.stringify(text(i, end))}`);
        numVars = 0;
      } else if (header[0] > MAX_VARS) {
        problem(line, `the header declares ${header[0]} variables; Strata's engines handle at most ${MAX_VARS}`);
        numVars = 0;
      } else {
        numVars = header[0];
        limit = numVars;
        declared = header[1];
      }
      continue;
    }
    if (numVars < 0) {
      problem(line, 'clauses before the "p cnf VARIABLES CLAUSES" header');
      numVars = 0;
      headerLine = line;
    }
    // literals, up to the end of the line
    while (i < n) {
      const ch = bytes[i]!;
      if (ch === LF) break;
      if (isBlank(ch)) {
        i++;
        continue;
      }
      const start = i;
      let neg = false;
      if (ch === MINUS) {
        neg = true;
        i++;
      }
      let value = 0;
      let digits = 0;
      while (i < n) {
        const d = bytes[i]! - ZERO;
        if (d < 0 || d > 9) break;
        if (value <= LIMIT) value = value * 10 + d;
        digits++;
        i++;
      }
      if (digits === 0 || (i < n && !isSpace(bytes[i]!))) {
        while (i < n && !isSpace(bytes[i]!)) i++;
        problem(line, `${JSON.stringify(text(start, i))} is not a literal (an integer such as 3 or -3)`);
        continue;
      }
      if (value === 0) {
        if (neg) {
          problem(line, '"-0" is not a literal');
          continue;
        }
        if (size === out.length) out = grown(out);
        out[size++] = 0;
        numClauses++;
        clauseStart = size;
        continue;
      }
      if (value > limit) {
        const shown = value > LIMIT ? text(start, i) : String(neg ? -value : value);
        problem(line, `literal ${shown} names variable ${shown.replace('-', '')}, but the header declares ${numVars} variables`);
        continue;
      }
      if (size === clauseStart) clauseLine = line;
      if (size === out.length) out = grown(out);
      out[size++] = neg ? -value : value;
    }
    pos = i + 1;
  }
  if (size > clauseStart) problem(clauseLine, 'the last clause is not ended by 0');
  if (numVars < 0) problem(Math.max(line, 1), 'no "p cnf VARIABLES CLAUSES" header');
  else if (total === 0 && numClauses !== declared) {
    problem(headerLine, `the header declares ${declared} clauses, but the file has ${numClauses}`);
  }
  if (total > 0) throw new InputError(problems, total);
  return { numVars, numClauses, lits: out.slice(0, size) };
}

/** `cnf VARIABLES CLAUSES` after the `p` (bytes from..to), or null when it does not read so. */
function readHeader(bytes: Uint8Array, from: number, to: number): [number, number] | null {
  let i = from;
  if (i >= to || !isSpace(bytes[i]!)) return null;
  while (i < to && isSpace(bytes[i]!)) i++;
  if (to - i < 3 || bytes[i] !== 99 || bytes[i + 1] !== 110 || bytes[i + 2] !== 102) return null; // cnf
  i += 3;
  const fields: number[] = [];
  while (fields.length < 2) {
    if (i >= to || !isSpace(bytes[i]!)) return null;
    while (i < to && isSpace(bytes[i]!)) i++;
    let value = 0;
    let digits = 0;
    while (i < to && bytes[i]! >= ZERO && bytes[i]! <= NINE) {
      value = value * 10 + (bytes[i]! - ZERO);
      digits++;
      i++;
    }
    if (digits === 0 || value > LIMIT) return null;
    fields.push(value);
  }
  while (i < to && isSpace(bytes[i]!)) i++;
  return i === to ? [fields[0]!, fields[1]!] : null;
}

function grown(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** The index of the LF ending the line that `from` is on (n when the last line has none). */
function lineEnd(bytes: Uint8Array, from: number, n: number): number {
  let i = from;
  while (i < n && bytes[i] !== LF) i++;
  return i;
}

/** White space within a line. */
function isBlank(ch: number): boolean {
  return ch === SPACE || ch === TAB || ch === CR || ch === 11 || ch === 12;
}

function isSpace(ch: number): boolean {
  return ch === SPACE || ch === TAB || ch === CR || ch === LF || ch === 11 || ch === 12;
}

/** The clauses one by one (views into cnf.lits, without the ending 0). */
export function dimacsClauses(cnf: DimacsCnf): Int32Array[] {
  const out: Int32Array[] = [];
  let start = 0;
  for (let i = 0; i < cnf.lits.length; i++) {
    if (cnf.lits[i] !== 0) continue;
    out.push(cnf.lits.subarray(start, i));
    start = i + 1;
  }
  return out;
}

/** Writes a CNF back as DIMACS text. */
export function formatDimacs(cnf: DimacsCnf): string {
  const lines = [`p cnf ${cnf.numVars} ${cnf.numClauses}`];
  for (const c of dimacsClauses(cnf)) lines.push(`${Array.from(c).join(' ')} 0`);
  return lines.join('\n') + '\n';
}
