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
//
// Speed (the large bench world is 80 MB of JSON): a value that is already what the walk would build
// (known fields only, in schema order, nothing to fill in) comes back as it is, so a clean document
// costs one read-only walk and no copies; a copy starts at the first difference. JSON paths are
// kept as a stack of parts and joined only when a problem is reported.
import type * as v from 'valibot';
import {
  type Collector,
  type JsonObject,
  describeValue,
  expected,
  isObject,
  pciIdValue,
  relationValue,
  stringValue,
  versionValue,
} from '../load/check.js';
import { childPath } from '../load/errors.js';
import { RELATIONS } from './relations.js';
import { isVersion } from '../version/version.js';
import { discriminatorOf, leafOf, nounOf, type LeafKind } from './registry.js';

/** Returned by a checker for a value it reported as unusable. */
export const FAIL: unique symbol = Symbol('FAIL');

const SUFFIX = 0;
const INDEX = 1;
const KEY = 2;

/** Where a walk is in the document: the path's parts, joined only when a problem needs them. */
class Walk {
  private readonly parts: (string | number)[] = [];
  private readonly kinds: number[] = [];
  private depth = 0;

  constructor(
    readonly c: Collector,
    private readonly root: string,
  ) {}

  /** A field (its path suffix), an array index or a map key. */
  push(part: string | number, kind: number): void {
    this.parts[this.depth] = part;
    this.kinds[this.depth++] = kind;
  }

  pop(): void {
    this.depth--;
  }

  path(): string {
    let p = this.root;
    for (let i = 0; i < this.depth; i++) {
      const part = this.parts[i]!;
      const kind = this.kinds[i];
      p += kind === SUFFIX ? (part as string) : kind === INDEX ? `[${part}]` : keySuffix(part as string);
    }
    return p;
  }

  /** The path of a child of the current value. */
  childPath(suffix: string): string {
    return this.path() + suffix;
  }
}

/** The output for a value (the value itself when nothing changes), or FAIL after reporting it. */
type Check = ((w: Walk, value: unknown) => unknown) & {
  /** true when the value is fine as it is: lets hot loops skip the call and the path */
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
    const out = check(new Walk(c, path), value);
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
    const out = check(new Walk(c, path), value);
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
  return (w, value) => {
    let out = base(w, value);
    if (out === FAIL) return FAIL;
    for (const step of steps) {
      if (step.kind === 'transformation') {
        out = step.operation!(out);
      } else if (!step.requirement!(out)) {
        w.c.problem(w.path(), typeof step.message === 'function' ? step.message({ input: out }) : String(step.message));
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
      return (w, value) => {
        if (!Array.isArray(value)) {
          expected(w.c, w.path(), noun, value);
          return FAIL;
        }
        // the input itself while every element comes back as it is; a copy from the first change
        let out: unknown[] | undefined;
        let indexes: number[] | undefined;
        for (let i = 0; i < value.length; i++) {
          const x = value[i];
          if (fine?.(x)) {
            if (out) {
              out.push(x);
              indexes?.push(i);
            }
            continue;
          }
          w.push(i, INDEX);
          const r = item(w, x);
          w.pop();
          if (r === FAIL) {
            out ??= value.slice(0, i);
            indexes ??= Array.from(out, (_, j) => j);
            continue;
          }
          if (!out) {
            if (r === x) continue;
            out = value.slice(0, i);
          }
          out.push(r);
          indexes?.push(i);
        }
        if (!out) return value;
        if (indexes) kept.set(out, indexes);
        return out;
      };
    }
    case 'record': {
      const item = checkOf(schema.value!);
      const fine = item.fine;
      return (w, value) => {
        if (!isObject(value)) {
          expected(w.c, w.path(), noun, value);
          return FAIL;
        }
        let out: Record<string, unknown> | undefined;
        for (const key in value) {
          const x = value[key];
          let r: unknown;
          if (key === '') {
            w.push(key, KEY);
            w.c.problem(w.path(), 'a name must not be empty');
            w.pop();
            r = FAIL;
          } else if (fine?.(x)) {
            r = x;
          } else {
            w.push(key, KEY);
            r = item(w, x);
            w.pop();
          }
          // `__proto__` as an own key is copied the way the walk always did (by assignment)
          if (!out && (r !== x || key === '__proto__')) out = entriesBefore(value, key);
          if (out && r !== FAIL) out[key] = r;
        }
        return out ?? value;
      };
    }
    case 'nullable': {
      const inner = checkOf(schema.wrapped!);
      return (w, value) => (value === null ? null : inner(w, value));
    }
    case 'optional': {
      const inner = checkOf(schema.wrapped!);
      return (w, value) => (value === undefined ? defaultOf(schema) : inner(w, value));
    }
    case 'literal': {
      const literal = schema.literal;
      return (w, value) => {
        if (value === literal) return value;
        w.c.problem(w.path(), `expected ${JSON.stringify(literal)}, found ${describeValue(value)}`);
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
  const n = fields.length;
  return (w, value) => {
    if (!isObject(value)) {
      expected(w.c, w.path(), noun, value);
      return FAIL;
    }
    // undefined while every field comes back as it is in the input
    let out: Record<string, unknown> | undefined;
    let ok = true;
    for (let i = 0; i < n; i++) {
      const f = fields[i]!;
      const x = value[f.key];
      let r: unknown;
      if (x === undefined || (x === null && f.optional && !f.nullable)) {
        if (!f.optional) {
          w.c.problem(w.childPath(f.suffix), `required field is missing (expected ${f.noun})`);
          ok = false;
        }
        r = f.optional?.default !== undefined ? defaultOf(f.optional) : undefined;
      } else if (f.check.fine?.(x)) {
        r = x;
      } else {
        w.push(f.suffix, SUFFIX);
        r = f.check(w, x);
        w.pop();
        if (r === FAIL) {
          if (!f.optional) ok = false;
          r = f.optional?.default !== undefined ? defaultOf(f.optional) : undefined;
        }
      }
      if (!out && r !== x) out = fieldsBefore(fields, i, value);
      if (out && r !== undefined) out[f.key] = r;
    }
    if (!ok && !partial) return FAIL;
    if (out) return out;
    // Every field is as given: the input is the output when it has no other keys, in schema order.
    return hasKeysInOrder(value, fields) ? value : fieldsBefore(fields, n, value);
  };
}

/** The output's first `i` fields, all of them as the input has them. */
function fieldsBefore(fields: readonly Field[], i: number, value: JsonObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let j = 0; j < i; j++) {
    const key = fields[j]!.key;
    const x = value[key];
    if (x !== undefined) out[key] = x;
  }
  return out;
}

/** Does `value` have exactly the fields it gives a value, in the order of `fields`? */
function hasKeysInOrder(value: JsonObject, fields: readonly Field[]): boolean {
  let j = 0;
  for (const key in value) {
    while (j < fields.length && value[fields[j]!.key] === undefined) j++;
    if (j === fields.length || fields[j]!.key !== key) return false;
    j++;
  }
  return true;
}

/** A map's entries before `stop`, as the input has them (they were all fine). */
function entriesBefore(value: JsonObject, stop: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (key === stop) break;
    out[key] = value[key];
  }
  return out;
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
  return (w, value) => {
    if (!isObject(value)) {
      expected(w.c, w.path(), noun, value);
      return FAIL;
    }
    const k = value[key];
    if (k === undefined) {
      w.c.problem(w.childPath(suffix), 'required field is missing (expected a string)');
      return FAIL;
    }
    const option = byValue.get(k);
    if (option) return option(w, value);
    if (typeof k !== 'string' || k === '') {
      stringValue(w.c, k, w.childPath(suffix));
      return FAIL;
    }
    const hint = d.hint?.(k);
    w.c.problem(
      w.childPath(suffix),
      `unknown ${d.label} ${JSON.stringify(k)} (expected one of ${names.join(', ')}${hint ? `; did you mean ${hint}?` : ''})`,
    );
    return FAIL;
  };
}

const orFail = <T>(x: T | undefined): T | typeof FAIL => (x === undefined ? FAIL : x);

const PCI_FORMAT = '"vid:did:svid:ssid" (4 lower-case hex digits each; svid and ssid may be "*")';

const PCI_ID = /^[0-9a-f]{4}$/;

/** A value type's check: the value itself when `test` passes, else `report`'s words for it. */
const leafCheck = (test: (value: unknown) => boolean, report: (c: Collector, value: unknown, path: string) => unknown): Check =>
  Object.assign((w: Walk, value: unknown) => (test(value) ? value : orFail(report(w.c, value, w.path()))), { fine: test });

const isPciId = (value: unknown) => typeof value === 'string' && value.length === 4 && PCI_ID.test(value);

const LEAVES: Record<LeafKind, Check> = {
  name: leafCheck((value) => typeof value === 'string' && value !== '', stringValue),
  text: leafCheck(
    (value) => typeof value === 'string',
    (c, value, path) => expected(c, path, 'a string', value),
  ),
  boolean: leafCheck(
    (value) => typeof value === 'boolean',
    (c, value, path) => expected(c, path, 'true or false', value),
  ),
  version: leafCheck((value) => typeof value === 'string' && isVersion(value), versionValue),
  pci: leafCheck(isPciId, (c, value, path) => pciIdValue(c, value, path, false)),
  'pci*': leafCheck(
    (value) => value === '*' || isPciId(value),
    (c, value, path) => pciIdValue(c, value, path, true),
  ),
  relation: leafCheck((value) => (RELATIONS as readonly unknown[]).includes(value), relationValue),
  pciref: (w, value) => {
    const path = w.path();
    const c = w.c;
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
