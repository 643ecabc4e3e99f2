// Compiles a schema into the loader's checker. Valibot's own parse words problems its own way (no
// "found ...", no "did you mean"), does not fill in fresh defaults or keep the input indexes the
// second pass needs, and on the large bench world it is slower than this walk (bench/schema/load.ts:
// HCL 1.3 s vs 1.0 s, depot 280 vs 210 ms), which skips building paths for values that are fine.
// The compiled checker walks each value once, reports every problem with its JSON path in the
// loader's words (`file: $.path: message`), keeps going after a problem, and builds the output:
// known fields only, in schema order, defaults filled in.
//
// Rules the loader adds to the schema's meaning (see docs/*.md):
// - an optional field that is null reads as absent (our own outputs print `"add_on": null`), unless
//   the schema allows null there;
// - an optional field with a wrong value is reported and then reads as its default;
// - a bad array element or map entry is reported and left out, so the second pass (duplicates,
//   references) still sees the rest: `sourceIndex` maps the kept elements to their original paths.
import type * as v from 'valibot';
import { type Collector, describeValue, expected, isObject, pciIdValue, relationValue, stringValue, versionValue } from '../load/check.js';
import { childPath } from '../load/errors.js';
import { parseVersion } from '../version/version.js';
import { discriminatorOf, leafOf, nounOf, type LeafKind } from './registry.js';

/** Returned by a checker for a value it reported as unusable. */
export const FAIL: unique symbol = Symbol('FAIL');
type Check = ((c: Collector, value: unknown, path: string) => unknown) & {
  /** true when the value is fine as it is: lets hot loops skip building a path nobody reads */
  fine?: (value: unknown) => boolean;
};

// The parts of valibot's schema objects the walk reads.
interface Node {
  type: string;
  pipe?: readonly Node[];
  entries?: Record<string, Node>;
  item?: Node;
  key?: Node | string;
  value?: Node;
  wrapped?: Node;
  default?: unknown;
  options?: readonly (Node | string)[];
  literal?: unknown;
  // validation actions
  kind?: string;
  requirement?: (input: unknown) => boolean;
  operation?: (input: unknown) => unknown;
  message?: string | ((issue: { input: unknown }) => string);
}

const compiled = new WeakMap<object, Check>();
const kept = new WeakMap<unknown[], number[]>();

/** The index in the input of element `i` of a checked array (they differ once a bad one was left out). */
export function sourceIndex(list: readonly unknown[], i: number): number {
  return kept.get(list as unknown[])?.[i] ?? i;
}

/** The JSON path of element `i` of a checked array that was read from `path`. */
export function elementPath(list: readonly unknown[], path: string, i: number): string {
  return `${path}[${sourceIndex(list, i)}]`;
}

/** A checker for `schema`: its output, or undefined after reporting every problem to `c`. */
export function compile<T extends v.GenericSchema>(
  schema: T,
): (c: Collector, value: unknown, path: string) => v.InferOutput<T> | undefined {
  const check = checkOf(schema as unknown as Node);
  return (c, value, path) => {
    const out = check(c, value, path);
    return out === FAIL ? undefined : (out as v.InferOutput<T>);
  };
}

/**
 * Like compile, for a whole document: when it is an object, its parts that are fine come back
 * even if others are missing or wrong, so the second pass can still check them.
 */
export function compileDocument<T extends v.GenericSchema>(
  schema: T,
): (c: Collector, value: unknown, path: string) => Partial<v.InferOutput<T>> | undefined {
  const node = schema as unknown as Node;
  if (node.type !== 'object') throw new Error('a document is an object');
  const check = objectCheck(node, nounOrDefault(node), true);
  return (c, value, path) => {
    const out = check(c, value, path);
    return out === FAIL ? undefined : (out as v.InferOutput<T>);
  };
}

function checkOf(schema: Node): Check {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = build(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

/** The schema a pipe starts from (pipes copy its fields, but side tables key the original). */
const root = (s: Node): Node => (s.pipe ? s.pipe[0]! : s);

function nounFor(s: Node): string | undefined {
  return nounOf(s) ?? nounOf(root(s)) ?? (s.type === 'optional' || s.type === 'nullable' ? nounFor(s.wrapped!) : undefined);
}

const DEFAULT_NOUN: Record<string, string> = {
  object: 'an object',
  array: 'an array',
  record: 'an object',
  variant: 'an object',
  string: 'a string',
  boolean: 'true or false',
};

function nounOrDefault(s: Node): string {
  return nounFor(s) ?? DEFAULT_NOUN[s.type] ?? (s.type === 'nullable' ? nounOrDefault(s.wrapped!) : 'a value');
}

function build(schema: Node): Check {
  const kind = leafOf(schema) ?? leafOf(root(schema));
  if (kind) return LEAVES[kind];
  const base = buildBase(schema);
  // Refinements of the whole value (`v.check`) and normalisations (`v.transform`) in a pipe run,
  // in order, once its parts are fine.
  const steps = (schema.pipe ?? []).filter(
    (a) => (a.kind === 'validation' && a.type === 'check') || (a.kind === 'transformation' && a.type === 'transform'),
  );
  if (steps.length === 0) return base;
  return (c, value, path) => {
    let out = base(c, value, path);
    if (out === FAIL) return FAIL;
    for (const step of steps) {
      if (step.kind === 'transformation') {
        out = step.operation!(out);
      } else if (!step.requirement!(out)) {
        c.problem(path, typeof step.message === 'function' ? step.message({ input: out }) : String(step.message));
        return FAIL;
      }
    }
    return out;
  };
}

function buildBase(schema: Node): Check {
  const noun = nounOrDefault(schema);
  switch (schema.type) {
    case 'object':
      return objectCheck(schema, noun);
    case 'array': {
      const item = checkOf(schema.item!);
      const fine = item.fine;
      return (c, value, path) => {
        if (!Array.isArray(value)) {
          expected(c, path, noun, value);
          return FAIL;
        }
        const out: unknown[] = [];
        let indexes: number[] | undefined;
        for (let i = 0; i < value.length; i++) {
          const x = value[i];
          if (fine?.(x)) {
            out.push(x);
            indexes?.push(i);
            continue;
          }
          const r = item(c, x, `${path}[${i}]`);
          if (r === FAIL) {
            indexes ??= Array.from(out, (_, j) => j);
            continue;
          }
          out.push(r);
          indexes?.push(i);
        }
        if (indexes) kept.set(out, indexes);
        return out;
      };
    }
    case 'record': {
      const item = checkOf(schema.value!);
      return (c, value, path) => {
        if (!isObject(value)) {
          expected(c, path, noun, value);
          return FAIL;
        }
        const out: Record<string, unknown> = {};
        for (const key in value) {
          const p = path + keySuffix(key);
          if (key === '') {
            c.problem(p, 'a name must not be empty');
            continue;
          }
          const r = item(c, value[key], p);
          if (r !== FAIL) out[key] = r;
        }
        return out;
      };
    }
    case 'nullable': {
      const inner = checkOf(schema.wrapped!);
      return (c, value, path) => (value === null ? null : inner(c, value, path));
    }
    case 'optional': {
      const inner = checkOf(schema.wrapped!);
      return (c, value, path) => (value === undefined ? defaultOf(schema) : inner(c, value, path));
    }
    case 'literal': {
      const literal = schema.literal;
      return (c, value, path) => {
        if (value === literal) return value;
        c.problem(path, `expected ${JSON.stringify(literal)}, found ${describeValue(value)}`);
        return FAIL;
      };
    }
    case 'variant':
      return variantCheck(schema, noun);
    case 'string':
    case 'boolean':
      return LEAVES[schema.type === 'string' ? 'text' : 'boolean'];
    default:
      throw new Error(`schema type ${schema.type} is not supported by the loader`);
  }
}

// Map keys (release names, component names) repeat across thousands of entries: their path
// suffixes are worked out once.
const suffixes = new Map<string, string>();
function keySuffix(key: string): string {
  let s = suffixes.get(key);
  if (s === undefined) {
    s = childPath('', key);
    if (suffixes.size > 100_000) suffixes.clear();
    suffixes.set(key, s);
  }
  return s;
}

function defaultOf(s: Node): unknown {
  return typeof s.default === 'function' ? (s.default as () => unknown)() : s.default;
}

interface Field {
  key: string;
  suffix: string;
  check: Check;
  optional: Node | undefined;
  /** null is a value here, not absence */
  nullable: boolean;
  noun: string;
}

function objectCheck(schema: Node, noun: string, partial = false): Check {
  const fields: Field[] = Object.entries(schema.entries!).map(([key, s]) => {
    const optional = s.type === 'optional' ? s : undefined;
    const inner = optional ? s.wrapped! : s;
    return {
      key,
      suffix: childPath('', key),
      check: checkOf(inner),
      optional,
      nullable: inner.type === 'nullable',
      noun: nounOrDefault(inner),
    };
  });
  return (c, value, path) => {
    if (!isObject(value)) {
      expected(c, path, noun, value);
      return FAIL;
    }
    const out: Record<string, unknown> = {};
    let ok = true;
    for (const f of fields) {
      const x = value[f.key];
      if (x === undefined || (x === null && f.optional && !f.nullable)) {
        if (f.optional) {
          if (f.optional.default !== undefined) out[f.key] = defaultOf(f.optional);
        } else {
          c.problem(path + f.suffix, `required field is missing (expected ${f.noun})`);
          ok = false;
        }
        continue;
      }
      if (f.check.fine?.(x)) {
        out[f.key] = x;
        continue;
      }
      const r = f.check(c, x, path + f.suffix);
      if (r !== FAIL) out[f.key] = r;
      else if (!f.optional) ok = false;
      else if (f.optional.default !== undefined) out[f.key] = defaultOf(f.optional);
    }
    return ok || partial ? out : FAIL;
  };
}

/** The discriminating values a variant option stands for (nested variants stand for all of theirs). */
function optionValues(option: Node, key: string): unknown[] {
  if (option.type === 'variant') return option.options!.flatMap((o) => optionValues(o as Node, key));
  const d = option.entries![key]!;
  return d.type === 'literal' ? [d.literal] : (d.options as unknown[]);
}

function variantCheck(schema: Node, noun: string): Check {
  const key = schema.key as string;
  const byValue = new Map<unknown, Check>();
  for (const option of schema.options as Node[]) {
    for (const value of optionValues(option, key)) if (!byValue.has(value)) byValue.set(value, checkOf(option));
  }
  const names = [...byValue.keys()].map(String);
  const d = discriminatorOf(schema) ?? discriminatorOf(root(schema)) ?? { label: key };
  const suffix = childPath('', key);
  return (c, value, path) => {
    if (!isObject(value)) {
      expected(c, path, noun, value);
      return FAIL;
    }
    const k = value[key];
    if (k === undefined) {
      c.problem(path + suffix, 'required field is missing (expected a string)');
      return FAIL;
    }
    const option = byValue.get(k);
    if (option) return option(c, value, path);
    if (typeof k !== 'string' || k === '') {
      stringValue(c, k, path + suffix);
      return FAIL;
    }
    const hint = d.hint?.(k);
    c.problem(
      path + suffix,
      `unknown ${d.label} ${JSON.stringify(k)} (expected one of ${names.join(', ')}${hint ? `; did you mean ${hint}?` : ''})`,
    );
    return FAIL;
  };
}

const orFail = <T>(x: T | undefined): T | typeof FAIL => (x === undefined ? FAIL : x);

const PCI_FORMAT = '"vid:did:svid:ssid" (4 lower-case hex digits each; svid and ssid may be "*")';

const PCI_ID = /^[0-9a-f]{4}$/;
const fine = (check: Check, test: (value: unknown) => boolean): Check => Object.assign(check, { fine: test });

const LEAVES: Record<LeafKind, Check> = {
  name: fine(
    (c, value, path) => orFail(stringValue(c, value, path)),
    (value) => typeof value === 'string' && value !== '',
  ),
  text: fine(
    (c, value, path) => {
      expected(c, path, 'a string', value);
      return FAIL;
    },
    (value) => typeof value === 'string',
  ),
  boolean: fine(
    (c, value, path) => {
      expected(c, path, 'true or false', value);
      return FAIL;
    },
    (value) => typeof value === 'boolean',
  ),
  version: fine(
    (c, value, path) => orFail(versionValue(c, value, path)),
    (value) => typeof value === 'string' && parseVersion(value) !== null,
  ),
  pci: fine(
    (c, value, path) => orFail(pciIdValue(c, value, path, false)),
    (value) => typeof value === 'string' && PCI_ID.test(value),
  ),
  'pci*': fine(
    (c, value, path) => orFail(pciIdValue(c, value, path, true)),
    (value) => typeof value === 'string' && (value === '*' || PCI_ID.test(value)),
  ),
  relation: (c, value, path) => orFail(relationValue(c, value, path)),
  pciref: (c, value, path) => {
    const s = stringValue(c, value, path);
    if (s === undefined) return FAIL;
    const parts = s.split(':');
    if (parts.length !== 4) {
      c.problem(path, `expected a device id ${PCI_FORMAT}, found ${JSON.stringify(s)}`);
      return FAIL;
    }
    let ok = true;
    parts.forEach((part, i) => {
      if (pciIdValue(c, part, path, i >= 2) === undefined) ok = false;
    });
    return ok ? s : FAIL;
  },
};
