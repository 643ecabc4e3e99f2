// DIMACS CNF: `c` comment lines, one `p cnf VARS CLAUSES` header, then clauses as literals
// ended by 0 (a clause may span lines, a line may hold several). A line starting with `%`
// ends the formula (the SATLIB benchmark files put `%` and a stray `0` after the last clause).
import { InputError, MAX_PROBLEMS, type Problem } from '../load/errors.js';

export interface DimacsCnf {
  numVars: number;
  clauses: Int32Array[];
}

const SPACE = 32;
const TAB = 9;
const CR = 13;
const LF = 10;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;

/** Parses DIMACS CNF text; throws InputError naming `file` and `line N` for every problem. */
export function parseDimacs(text: string, file = '<cnf>'): DimacsCnf {
  const problems: Problem[] = [];
  let total = 0;
  const problem = (line: number, message: string): void => {
    total++;
    if (problems.length < MAX_PROBLEMS) problems.push({ file, path: `line ${line}`, message });
  };

  let numVars = -1;
  let limit = Number.MAX_SAFE_INTEGER; // the largest variable allowed (unchecked without a valid header)
  let declared = 0;
  let headerLine = 0;
  const clauses: Int32Array[] = [];
  let current: number[] = [];
  let clauseLine = 0; // where the clause being read started
  let line = 0;
  let pos = 0;
  const n = text.length;

  while (pos < n) {
    line++;
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    let i = pos;
    pos = end + 1;
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    if (i >= end) continue;
    const first = text.charCodeAt(i);
    if (first === 99 /* c */) continue;
    if (first === 37 /* % */) break;
    if (first === 112 /* p */) {
      const fields = text.slice(i, end).trim().split(/\s+/);
      if (numVars >= 0) {
        problem(line, `a second "p" header (the first is on line ${headerLine})`);
      } else if (fields.length !== 4 || fields[1] !== 'cnf' || !/^\d+$/.test(fields[2]!) || !/^\d+$/.test(fields[3]!)) {
        problem(line, `the header must read "p cnf VARIABLES CLAUSES", got ${JSON.stringify(text.slice(i, end).trim())}`);
        numVars = 0;
        headerLine = line;
      } else {
        numVars = Number(fields[2]);
        limit = numVars;
        declared = Number(fields[3]);
        headerLine = line;
      }
      continue;
    }
    if (numVars < 0) {
      problem(line, 'clauses before the "p cnf VARIABLES CLAUSES" header');
      numVars = 0;
      headerLine = line;
    }
    // literals
    while (i < end) {
      const ch = text.charCodeAt(i);
      if (isSpace(ch)) {
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
      while (i < end) {
        const d = text.charCodeAt(i);
        if (d < ZERO || d > NINE) break;
        value = value * 10 + (d - ZERO);
        digits++;
        i++;
      }
      if (digits === 0 || (i < end && !isSpace(text.charCodeAt(i)))) {
        while (i < end && !isSpace(text.charCodeAt(i))) i++;
        problem(line, `${JSON.stringify(text.slice(start, i))} is not a literal (an integer such as 3 or -3)`);
        continue;
      }
      if (value === 0) {
        if (neg) {
          problem(line, '"-0" is not a literal');
          continue;
        }
        clauses.push(Int32Array.from(current));
        current = [];
        continue;
      }
      if (value > limit) {
        problem(line, `literal ${neg ? -value : value} names variable ${value}, but the header declares ${numVars} variables`);
        continue;
      }
      if (current.length === 0) clauseLine = line;
      current.push(neg ? -value : value);
    }
  }
  if (current.length > 0) problem(clauseLine, 'the last clause is not ended by 0');
  if (numVars < 0) problem(Math.max(line, 1), 'no "p cnf VARIABLES CLAUSES" header');
  else if (total === 0 && clauses.length !== declared) {
    problem(headerLine, `the header declares ${declared} clauses, but the file has ${clauses.length}`);
  }
  if (total > 0) throw new InputError(problems, total);
  return { numVars, clauses };
}

function isSpace(ch: number): boolean {
  return ch === SPACE || ch === TAB || ch === CR || ch === LF || ch === 11 || ch === 12;
}

/** Writes a CNF back as DIMACS text. */
export function formatDimacs(cnf: DimacsCnf): string {
  const lines = [`p cnf ${cnf.numVars} ${cnf.clauses.length}`];
  for (const c of cnf.clauses) lines.push(`${Array.from(c).join(' ')} 0`);
  return lines.join('\n') + '\n';
}
