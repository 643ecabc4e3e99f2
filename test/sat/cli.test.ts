import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { satCommand, formatModel } from '../../src/cli/commands/sat.js';
import { UsageError } from '../../src/cli/command.js';
import { InputError } from '../../src/load/errors.js';
import { pigeonhole } from './helpers.js';

let dir: string;
const files: Record<string, string> = {};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'strata-sat-'));
  const write = (name: string, text: string): void => {
    files[name] = join(dir, name);
    writeFileSync(files[name]!, text);
  };
  write('sat.cnf', 'c simple\np cnf 3 3\n1 2 0\n-1 3 0\n-2 -3 0\n');
  const php = pigeonhole(5, 4);
  write('php.cnf', `p cnf ${php.numVars} ${php.clauses.length}\n${php.clauses.map((c) => `${c.join(' ')} 0`).join('\n')}\n`);
  write('chain.cnf', 'p cnf 5 2\n-1 2 0\n-2 3 0\n');
  write('bad.cnf', 'p cnf 2 1\n1 3 0\n');
  write('wide.cnf', `p cnf 100 1\n${Array.from({ length: 100 }, (_, i) => i + 1).join(' ')} 0\n`);
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function run(args: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    out.push(...a.map(String).join(' ').split('\n'));
  });
  const code = await satCommand.run(args);
  return { code, out };
}

describe('strata sat', () => {
  it('prints s SATISFIABLE and a model that ends in 0', async () => {
    const { code, out } = await run([files['sat.cnf']!]);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^c vars 3 clauses 3 time [\d.]+ ms \(read [\d.]+ ms, solve [\d.]+ ms\)$/);
    expect(out).toContain('s SATISFIABLE');
    const v = out.filter((l) => l.startsWith('v '));
    expect(v.length).toBe(1);
    const lits = v[0]!.slice(2).split(' ').map(Number);
    expect(lits.at(-1)).toBe(0);
    const model = new Map(lits.slice(0, -1).map((l) => [Math.abs(l), l > 0]));
    expect(model.get(1) || model.get(2)).toBe(true);
    expect(!model.get(1) || model.get(3)).toBe(true);
    expect(!model.get(2) || !model.get(3)).toBe(true);
  });

  it('prints s UNSATISFIABLE for pigeonhole 5 -> 4, without failed assumptions when none were given', async () => {
    const { code, out } = await run([files['php.cnf']!]);
    expect(code).toBe(0);
    expect(out).toContain('s UNSATISFIABLE');
    expect(out.some((l) => l.startsWith('c failed'))).toBe(false);
  });

  it('names the failed assumptions', async () => {
    const { code, out } = await run([files['chain.cnf']!, '--assume', '4,1,-3']);
    expect(code).toBe(0);
    expect(out).toContain('s UNSATISFIABLE');
    const line = out.find((l) => l.startsWith('c failed assumptions: '))!;
    expect(new Set(line.slice('c failed assumptions: '.length).split(' ').map(Number))).toEqual(new Set([1, -3]));
  });

  it('honours --priority and --no-model', async () => {
    const { out } = await run([files['chain.cnf']!, '--priority=1,-3', '--assume=5']);
    const v = out.filter((l) => l.startsWith('v ')).join(' ');
    expect(v).toMatch(/ 1 /);
    expect(v).toMatch(/ 3 /); // 1 forces 3, so -3 loses
    const quiet = await run([files['chain.cnf']!, '--no-model']);
    expect(quiet.out).toContain('s SATISFIABLE');
    expect(quiet.out.some((l) => l.startsWith('v'))).toBe(false);
  });

  it('wraps model lines at 80 columns', async () => {
    const { out } = await run([files['wide.cnf']!]);
    const v = out.filter((l) => l.startsWith('v'));
    expect(v.length).toBeGreaterThan(1);
    for (const l of v) expect(l.length).toBeLessThanOrEqual(80);
    expect(formatModel([1, -2, 3])).toEqual(['v 1 -2 3 0']);
  });

  it('rejects bad input and usage with the errors the CLI maps to exit 2', async () => {
    await expect(run([files['bad.cnf']!])).rejects.toBeInstanceOf(InputError);
    await expect(run([files['bad.cnf']!])).rejects.toThrow(/bad\.cnf: line 2: literal 3/);
    await expect(run([])).rejects.toBeInstanceOf(UsageError);
    await expect(run([join(dir, 'missing.cnf')])).rejects.toThrow(/cannot read .*missing\.cnf: ENOENT/);
    await expect(run([files['sat.cnf']!, '--assume', '1,x'])).rejects.toThrow(/--assume: "x" is not a literal/);
    await expect(run([files['sat.cnf']!, '--assume', '4'])).rejects.toThrow(/names variable 4, but the file has 3/);
    await expect(run([files['sat.cnf']!, '--bogus'])).rejects.toBeInstanceOf(UsageError);
  });

  it('has help text with usage, options and an example', () => {
    expect(satCommand.name).toBe('sat');
    expect(satCommand.help).toMatch(/Usage: strata sat FILE\.cnf/);
    expect(satCommand.help).toMatch(/--assume/);
    expect(satCommand.help).toMatch(/--no-model/);
    expect(satCommand.help).toMatch(/Exit codes: 0/);
  });
});
