import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/load/errors.js';
import { locateJsonError, readJsonFile } from '../../src/load/json.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-json-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

function failure(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

describe('readJsonFile', () => {
  const savedLimit = process.env.STRATA_MAX_INPUT_MB;
  afterEach(() => {
    if (savedLimit === undefined) delete process.env.STRATA_MAX_INPUT_MB;
    else process.env.STRATA_MAX_INPUT_MB = savedLimit;
  });

  it('parses a file and strips a UTF-8 BOM', () => {
    const file = write('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a": [1, 2]}')]));
    expect(readJsonFile(file)).toEqual({ a: [1, 2] });
  });

  it('names a missing file', () => {
    const file = path.join(dir, 'nope.json');
    expect(failure(() => readJsonFile(file)).render()).toBe(`${file}: $: file not found`);
  });

  it('refuses a directory', () => {
    expect(failure(() => readJsonFile(dir)).render()).toBe(`${dir}: $: is a directory, not a file`);
  });

  it('refuses an empty or whitespace-only file', () => {
    const empty = write('empty.json', '');
    expect(failure(() => readJsonFile(empty)).render()).toBe(`${empty}: $: file is empty`);
    const blank = write('blank.json', '\ufeff  \n\t\n');
    expect(failure(() => readJsonFile(blank)).render()).toBe(`${blank}: $: file is empty`);
  });

  it('gives line and column of malformed JSON', () => {
    const file = write('bad.json', '{\n  "a": 1,\n  "b": }\n');
    expect(failure(() => readJsonFile(file)).render()).toBe(`${file}: $: malformed JSON at line 3, column 8: expected a value, found '}'`);
    const trailing = write('trailing.json', '[1,\n 2,\n]');
    expect(failure(() => readJsonFile(trailing)).render()).toContain("line 3, column 1: trailing comma before ']'");
    const cut = write('cut.json', '{"a": [1, 2');
    expect(failure(() => readJsonFile(cut)).render()).toContain('line 1, column 12: expected');
  });

  it('refuses a 300 MiB file before reading it', () => {
    delete process.env.STRATA_MAX_INPUT_MB;
    const file = path.join(dir, 'huge.json');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, 300 * 1024 * 1024); // sparse: no disk, no time
    expect(failure(() => readJsonFile(file)).render()).toBe(
      `${file}: $: file is 300.0 MiB, over the 256 MiB input limit (set STRATA_MAX_INPUT_MB to raise it)`,
    );
    fs.rmSync(file);
  });

  it('takes the limit from STRATA_MAX_INPUT_MB or the caller', () => {
    const file = write('small.json', JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }));
    process.env.STRATA_MAX_INPUT_MB = '1';
    expect(failure(() => readJsonFile(file)).render()).toContain('over the 1 MiB input limit (set STRATA_MAX_INPUT_MB');
    process.env.STRATA_MAX_INPUT_MB = '3';
    expect(readJsonFile(file)).toHaveProperty('pad');
    expect(failure(() => readJsonFile(file, { maxBytes: 1024 * 1024 })).render()).toMatch(/over the 1 MiB input limit$/);
  });
});

describe('locateJsonError', () => {
  it('agrees with JSON.parse on what is malformed', () => {
    const bad = [
      '{"a": }',
      '{"a":1,}',
      '{"a":1',
      '{"a":"x\n"}',
      '[1 2]',
      'nul',
      '{"a":1}x',
      "{'a':1}",
      '01',
      '[-]',
      '"\\x"',
      '1.',
      '{"a" 1}',
    ];
    for (const text of bad) {
      expect(() => JSON.parse(text)).toThrow();
      expect(locateJsonError(text), text).not.toBeNull();
    }
    const good = ['{}', '[]', '0', '-1.5e+3', '"\\u00e9\\n"', '{"a": [true, false, null, {"b": "c"}]}', ' [ 1 , 2 ] '];
    for (const text of good) expect(locateJsonError(text), text).toBeNull();
  });
});

describe('files that are not UTF-8 JSON text', () => {
  const bytes = (name: string, list: number[]) => write(name, Buffer.from(list));
  const message = (file: string) => {
    try {
      readJsonFile(file);
    } catch (err) {
      return (err as InputError).problems[0]!.message;
    }
    throw new Error('expected an InputError');
  };

  it('reports binary data by offset without echoing it', () => {
    const file = bytes('bin.json', [0x7b, 0x22, 0x61, 0x00, 0x89, 0x50, 0x4e, 0x47]);
    expect(message(file)).toBe('binary data, not JSON text (a zero byte at offset 3)');
  });

  it('reports a byte that is not UTF-8 by value and offset', () => {
    // "é" in Latin-1 inside a string
    const file = bytes('latin1.json', [...Buffer.from('{"name": "caf'), 0xe9, ...Buffer.from('"}')]);
    expect(message(file)).toBe('not UTF-8 text (byte 0xe9 at offset 13)');
    expect(message(bytes('overlong.json', [0x5b, 0xc0, 0xaf, 0x5d]))).toBe('not UTF-8 text (byte 0xc0 at offset 1)');
  });

  it('recognises UTF-16', () => {
    expect(message(bytes('utf16.json', [0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]))).toMatch(
      /^not UTF-8 text: it starts with a UTF-16 byte-order mark/,
    );
  });

  it('names control characters in malformed JSON by code point', () => {
    expect(message(bytes('ctl.json', [0x7b, 0x01, 0x7d]))).toBe(
      'malformed JSON at line 1, column 2: expected a property name in double quotes, found the character U+0001',
    );
  });

  it('still reads valid UTF-8 with non-ASCII text', () => {
    expect(readJsonFile(bytes('ok.json', [...Buffer.from('{"name": "café ✓ 𝄞"}')]))).toEqual({ name: 'café ✓ 𝄞' });
  });
});
