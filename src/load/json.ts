// Reading one JSON input file, with every failure turned into an InputError an operator can act on.
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import { InputError } from './errors.js';

const MiB = 1024 * 1024;
const DEFAULT_LIMIT_MIB = 256;

export interface ReadJsonOptions {
  /** refuse files larger than this; wins over STRATA_MAX_INPUT_MB */
  maxBytes?: number;
}

function fail(file: string, message: string): never {
  throw new InputError([{ file, path: '$', message }]);
}

function formatMiB(bytes: number): string {
  const mib = bytes / MiB;
  return Number.isInteger(mib) ? String(mib) : mib.toFixed(1);
}

/** The size limit and whether the operator can raise it through the environment. */
function sizeLimit(opts: ReadJsonOptions | undefined): { bytes: number; fromEnv: boolean } {
  if (opts?.maxBytes !== undefined) return { bytes: opts.maxBytes, fromEnv: false };
  const env = process.env.STRATA_MAX_INPUT_MB;
  const mib = env === undefined || env.trim() === '' ? NaN : Number(env);
  // A malformed setting falls back to the default rather than refusing every input.
  return { bytes: (Number.isFinite(mib) && mib > 0 ? mib : DEFAULT_LIMIT_MIB) * MiB, fromEnv: true };
}

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'file not found';
    case 'ENOTDIR':
      return 'file not found (a part of the path is not a directory)';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'cannot read the file: permission denied';
    default:
      return `cannot read the file${code ? ` (${code})` : ''}`;
  }
}

/** Reads and parses a JSON file; refuses oversized, empty and malformed files with a plain message. */
export function readJsonFile(file: string, opts?: ReadJsonOptions): unknown {
  return parseJsonBytes(readInputBytes(file, opts), file);
}

/** Reads an input file's bytes; refuses missing, unreadable and oversized files with a plain message. */
export function readInputBytes(file: string, opts?: ReadJsonOptions): Buffer {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    fail(file, describeFsError(err));
  }
  if (stat.isDirectory()) fail(file, 'is a directory, not a file');
  const limit = sizeLimit(opts);
  // Checked before reading: an oversized file would otherwise be read whole into memory first.
  if (stat.size > limit.bytes) {
    const hint = limit.fromEnv ? ' (set STRATA_MAX_INPUT_MB to raise it)' : '';
    fail(file, `file is ${(stat.size / MiB).toFixed(1)} MiB, over the ${formatMiB(limit.bytes)} MiB input limit${hint}`);
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    fail(file, describeFsError(err));
  }
  return bytes;
}

/** Parses the bytes of a JSON file; refuses empty, non-UTF-8 and malformed text with a plain message. */
export function parseJsonBytes(bytes: Buffer, file: string): unknown {
  const fault = encodingFault(bytes);
  if (fault) fail(file, fault);
  return parseJsonText(bytes.toString('utf8'), file);
}

const hex = (byte: number) => `0x${byte.toString(16).padStart(2, '0')}`;

/**
 * Why bytes are not UTF-8 JSON text, or undefined when they may be. Says where, never echoes the
 * bytes: a binary file or another encoding would otherwise put raw bytes on the operator's terminal.
 */
export function encodingFault(bytes: Uint8Array): string | undefined {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return 'not UTF-8 text: it starts with a UTF-16 byte-order mark (save the file as UTF-8)';
  }
  // A zero byte cannot appear in JSON text (not even in a string, where it must be escaped).
  const zero = bytes.indexOf(0);
  if (zero >= 0) return `binary data, not JSON text (a zero byte at offset ${zero})`;
  if (isUtf8(bytes)) return undefined;
  const at = firstNonUtf8(bytes);
  return `not UTF-8 text (byte ${hex(bytes[at]!)} at offset ${at})`;
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstNonUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const x = b[i]!;
    let n: number;
    let min = 0;
    if (x < 0x80) n = 0;
    else if (x >= 0xc2 && x <= 0xdf) n = 1;
    else if (x >= 0xe0 && x <= 0xef) [n, min] = [2, 0x800];
    else if (x >= 0xf0 && x <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    let cp = n === 0 ? x : x & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const y = b[i + k];
      if (y === undefined || (y & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (y & 0x3f);
    }
    // overlong forms, UTF-16 surrogates and code points past U+10FFFF start at the lead byte
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += n + 1;
  }
  return b.length;
}

/** Parses JSON text (a file's or a request body's); `file` names it in problems. */
export function parseJsonText(text: string, file: string): unknown {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') fail(file, 'file is empty');
  try {
    return JSON.parse(text);
  } catch (err) {
    const located = locateJsonError(text);
    if (located) {
      const { line, column } = lineAndColumn(text, located.offset);
      fail(file, `malformed JSON at line ${line}, column ${column}: ${located.message}`);
    }
    // The scanner and V8 disagree (should not happen): fall back to V8's own position, if any.
    const message = err instanceof Error ? err.message : String(err);
    const pos = /at position (\d+)/.exec(message);
    if (pos) {
      const { line, column } = lineAndColumn(text, Number(pos[1]));
      fail(file, `malformed JSON at line ${line}, column ${column}`);
    }
    // V8's message quotes the text around the fault, which may be anything: it is not echoed.
    fail(file, `malformed JSON${message.length < 200 && /^[\x20-\x7e]*$/.test(message) ? `: ${message}` : ''}`);
  }
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

class JsonFault {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

/**
 * Finds the first syntax error in text that JSON.parse rejected. V8 in Node 20 does not always
 * give a position ("Unexpected token '}', ... is not valid JSON"), and its wording is terse, so
 * this small scanner gives both. Only run on failure, so its speed does not matter.
 */
export function locateJsonError(text: string): { offset: number; message: string } | null {
  let i = 0;
  const n = text.length;
  const here = (): string => {
    if (i >= n) return 'the end of the file';
    const code = text.codePointAt(i)!;
    // Control and invisible characters are named by code point, never printed as they are.
    if (code < 0x20 || (code >= 0x7f && code <= 0xa0) || code === 0xfffd || /\p{C}|\p{Z}/u.test(String.fromCodePoint(code))) {
      return `the character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    }
    const ch = String.fromCodePoint(code);
    return ch === "'" ? `"'"` : `'${ch}'`;
  };
  const fault = (message: string, at: number = i): never => {
    throw new JsonFault(at, message);
  };
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const isDigit = (c: number) => c >= 48 && c <= 57;

  const string = (): void => {
    const start = i;
    i++; // opening quote
    for (;;) {
      if (i >= n) fault('unterminated string', start);
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c === 92) {
        const e = text[i + 1];
        if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else fault('invalid escape sequence in a string');
        continue;
      }
      if (c < 0x20) fault(c === 10 ? 'line break inside a string (unterminated string?)' : 'control character inside a string');
      i++;
    }
  };

  const number = (): void => {
    const start = i;
    if (text[i] === '-') i++;
    if (text[i] === '0') {
      i++;
    } else if (i < n && isDigit(text.charCodeAt(i))) {
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    } else {
      fault('malformed number', start);
    }
    if (text[i] === '.') {
      i++;
      if (!(i < n && isDigit(text.charCodeAt(i)))) fault('malformed number', start);
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!(i < n && isDigit(text.charCodeAt(i)))) fault('malformed number', start);
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
  };

  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') return object();
    if (ch === '[') return array();
    if (ch === '"') return string();
    if (ch === '-' || (i < n && isDigit(text.charCodeAt(i)))) return number();
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return;
      }
    }
    fault(`expected a value, found ${here()}`);
  };

  const object = (): void => {
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] === '}') fault("trailing comma before '}'");
      if (text[i] !== '"') fault(`expected a property name in double quotes, found ${here()}`);
      string();
      ws();
      if (text[i] !== ':') fault(`expected ':' after a property name, found ${here()}`);
      i++;
      value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      fault(`expected ',' or '}' after a property value, found ${here()}`);
    }
  };

  const array = (): void => {
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] === ']') fault("trailing comma before ']'");
      value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      fault(`expected ',' or ']' after an array element, found ${here()}`);
    }
  };

  try {
    value();
    ws();
    if (i < n) fault(`unexpected ${here()} after the end of the JSON document`);
    return null;
  } catch (err) {
    if (err instanceof JsonFault) return { offset: err.offset, message: err.message };
    return null; // e.g. nesting too deep for recursion: let the caller use V8's message
  }
}
