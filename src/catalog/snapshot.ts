// A binary snapshot of a checked depot and HCL: reading it back skips JSON parsing and every
// check of the loader, and shares each distinct string (a version repeated a million times in an
// HCL is one string). The layout follows the schemas of src/schema/ (walked like compile.ts does),
// so the decoded documents are exactly what the loader returned: the same fields in the same order,
// and a Catalog built from them gives the same answers.
//
// File: MAGIC, u32 header length, header JSON (format, Strata version, schema fingerprint, the
// caller's key), u32 payload length, 32-byte SHA-256 of the payload, payload. Payload: the string
// table (count, then each as byte length + UTF-8), then the depot and the HCL as varints. Anything
// that does not match (another version or schema, a key of other inputs, a truncated or corrupted
// file) reads as no snapshot: it is never trusted.
import { createHash } from 'node:crypto';
import type { Depot, Hcl } from '../model/types.js';
import { STRATA_VERSION } from '../model/product.js';
import { DepotSchema } from '../schema/depot.js';
import { HclSchema } from '../schema/hcl.js';
import { leafOf } from '../schema/registry.js';

const MAGIC = Buffer.from('STRATA-SNAPSHOT\n', 'latin1');
/** Bumped whenever the layout below changes. */
const FORMAT = 1;

// The parts of valibot's schema objects the codec reads (as in compile.ts).
interface Node {
  type: string;
  pipe?: readonly Node[];
  entries?: Record<string, Node>;
  item?: Node;
  value?: Node;
  wrapped?: Node;
}

/** Writes unsigned varints and interns strings. */
class Writer {
  bytes = new Uint8Array(1 << 16);
  length = 0;
  readonly strings = new Map<string, number>();

  uint(n: number): void {
    if (!(n >= 0 && n < 2 ** 28)) throw new Error(`snapshot: ${n} is out of range`);
    if (this.length + 5 > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    while (n >= 0x80) {
      this.bytes[this.length++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.bytes[this.length++] = n;
  }

  string(s: string): void {
    let id = this.strings.get(s);
    if (id === undefined) this.strings.set(s, (id = this.strings.size));
    this.uint(id);
  }
}

class Reader {
  pos = 0;

  constructor(
    readonly bytes: Uint8Array,
    readonly end: number,
    public strings: string[] = [],
  ) {}

  /** Varints of up to four bytes (the writer refuses larger numbers). */
  uint(): number {
    const b = this.bytes;
    let pos = this.pos;
    if (pos >= this.end) throw new Error('truncated');
    let x = b[pos++]!;
    if (x < 0x80) {
      this.pos = pos;
      return x;
    }
    let n = x & 0x7f;
    for (let shift = 7; shift < 28; shift += 7) {
      if (pos >= this.end) throw new Error('truncated');
      x = b[pos++]!;
      n |= (x & 0x7f) << shift;
      if (x < 0x80) {
        this.pos = pos;
        return n;
      }
    }
    throw new Error('varint too long');
  }

  string(): string {
    const s = this.strings[this.uint()];
    if (s === undefined) throw new Error('bad string id');
    return s;
  }
}

type Encode = (w: Writer, value: unknown) => void;
type Decode = (r: Reader) => unknown;
interface Codec {
  encode: Encode;
  decode: Decode;
}

const readString: Decode = (r) => r.string();

const ABSENT = 0;
const NULL = 1;
const PRESENT = 2;

function codecOf(schema: Node): Codec {
  const leaf = leafOf(schema) ?? (schema.pipe ? leafOf(schema.pipe[0]!) : undefined);
  if (leaf === 'boolean' || (!leaf && schema.type === 'boolean')) {
    return { encode: (w, x) => w.uint(x ? 1 : 0), decode: (r) => r.uint() === 1 };
  }
  if (leaf || schema.type === 'string') return { encode: (w, x) => w.string(x as string), decode: readString };
  switch (schema.type) {
    case 'object': {
      const fields = Object.entries(schema.entries!).map(([key, s]) => ({ key, codec: codecOf(s.type === 'optional' ? s.wrapped! : s) }));
      return {
        encode: (w, x) => {
          const o = x as Record<string, unknown>;
          for (const f of fields) {
            const value = o[f.key];
            if (value === undefined) w.uint(ABSENT);
            else if (value === null) w.uint(NULL);
            else {
              w.uint(PRESENT);
              f.codec.encode(w, value);
            }
          }
        },
        decode: objectDecoder(fields),
      };
    }
    case 'array': {
      const item = codecOf(schema.item!);
      if (item.decode === readString) {
        return {
          encode: (w, x) => {
            const list = x as string[];
            w.uint(list.length);
            for (const e of list) w.string(e);
          },
          decode: (r) => {
            const n = r.uint();
            if (n > r.end - r.pos) throw new Error('bad length');
            const list = new Array<string>(n);
            for (let i = 0; i < n; i++) list[i] = r.string();
            return list;
          },
        };
      }
      return {
        encode: (w, x) => {
          const list = x as unknown[];
          w.uint(list.length);
          for (const e of list) item.encode(w, e);
        },
        decode: (r) => {
          const n = r.uint();
          if (n > r.end - r.pos) throw new Error('bad length');
          const list = new Array<unknown>(n);
          for (let i = 0; i < n; i++) list[i] = item.decode(r);
          return list;
        },
      };
    }
    case 'record': {
      const value = codecOf(schema.value!);
      return {
        encode: (w, x) => {
          const o = x as Record<string, unknown>;
          const keys = Object.keys(o);
          w.uint(keys.length);
          for (const k of keys) {
            w.string(k);
            value.encode(w, o[k]);
          }
        },
        decode: (r) => {
          const n = r.uint();
          const o: Record<string, unknown> = {};
          for (let i = 0; i < n; i++) {
            const k = r.string();
            // as the loader built it: by assignment (a `__proto__` key included)
            o[k] = value.decode(r);
          }
          return o;
        },
      };
    }
    case 'optional':
    case 'nullable': {
      const inner = codecOf(schema.wrapped!);
      return {
        encode: (w, x) => {
          if (x === undefined) w.uint(ABSENT);
          else if (x === null) w.uint(NULL);
          else {
            w.uint(PRESENT);
            inner.encode(w, x);
          }
        },
        decode: (r) => {
          const tag = r.uint();
          return tag === PRESENT ? inner.decode(r) : tag === NULL ? null : undefined;
        },
      };
    }
    default:
      throw new Error(`schema type ${schema.type} is not supported by the snapshot`);
  }
}

/**
 * An object's decoder, written out for its fields: constant property names let V8 build every
 * object with one hidden class and named stores, several times faster than a loop of keyed stores
 * on the million objects of a large HCL. The names are the schema's own keys, quoted.
 */
function objectDecoder(fields: readonly { key: string; codec: Codec }[]): Decode {
  const body = fields
    .map((f, i) => {
      const k = JSON.stringify(f.key);
      return `t = r.uint(); if (t === ${PRESENT}) o[${k}] = d[${i}](r); else if (t === ${NULL}) o[${k}] = null; else if (t !== ${ABSENT}) throw new Error('bad field tag');`;
    })
    .join('\n');
  const make = new Function('d', `return (r) => { const o = {}; let t; ${body} return o; };`) as (d: Decode[]) => Decode;
  return make(fields.map((f) => f.codec.decode));
}

/** The schema's shape as text: a snapshot of another shape is never read. */
function fingerprintOf(schema: Node): string {
  const leaf = leafOf(schema) ?? (schema.pipe ? leafOf(schema.pipe[0]!) : undefined);
  if (leaf) return leaf;
  switch (schema.type) {
    case 'object':
      return `{${Object.entries(schema.entries!)
        .map(([k, s]) => `${k}:${fingerprintOf(s)}`)
        .join(',')}}`;
    case 'array':
      return `[${fingerprintOf(schema.item!)}]`;
    case 'record':
      return `<${fingerprintOf(schema.value!)}>`;
    case 'optional':
    case 'nullable':
      return `${schema.type}(${fingerprintOf(schema.wrapped!)})`;
    default:
      return schema.type;
  }
}

const depotCodec = codecOf(DepotSchema as unknown as Node);
const hclCodec = codecOf(HclSchema as unknown as Node);
const SCHEMA = createHash('sha256')
  .update(`${fingerprintOf(DepotSchema as unknown as Node)}\n${fingerprintOf(HclSchema as unknown as Node)}`)
  .digest('hex');

interface Header {
  format: number;
  strata: string;
  schema: string;
  key: string;
}

const header = (key: string): Header => ({ format: FORMAT, strata: STRATA_VERSION, schema: SCHEMA, key });

/** The snapshot of a checked depot and HCL (as the loader returned them), marked with `key`. */
export function encodeSnapshot(key: string, depot: Depot, hcl: Hcl): Buffer {
  const w = new Writer();
  depotCodec.encode(w, depot);
  hclCodec.encode(w, hcl);
  const table = new Writer();
  table.uint(w.strings.size);
  const strings = [...w.strings.keys()].map((s) => Buffer.from(s, 'utf8'));
  for (const s of strings) table.uint(s.length);
  const payload = Buffer.concat([table.bytes.subarray(0, table.length), ...strings, w.bytes.subarray(0, w.length)]);
  const head = Buffer.from(JSON.stringify(header(key)), 'utf8');
  const sizes = Buffer.alloc(8);
  sizes.writeUInt32LE(head.length, 0);
  sizes.writeUInt32LE(payload.length, 4);
  const digest = createHash('sha256').update(payload).digest();
  return Buffer.concat([MAGIC, sizes.subarray(0, 4), head, sizes.subarray(4), digest, payload]);
}

/**
 * The depot and HCL of a snapshot made with `key` by this Strata, or undefined when `bytes` are
 * anything else: another key, version or schema, truncated, corrupted.
 */
export function decodeSnapshot(bytes: Uint8Array, key: string): { depot: Depot; hcl: Hcl } | undefined {
  try {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (buf.length < MAGIC.length + 4 || !buf.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
    let at = MAGIC.length;
    const headLength = buf.readUInt32LE(at);
    at += 4;
    if (at + headLength + 4 + 32 > buf.length) return undefined;
    const got = JSON.parse(buf.toString('utf8', at, at + headLength)) as Header;
    const want = header(key);
    if (got.format !== want.format || got.strata !== want.strata || got.schema !== want.schema || got.key !== want.key) return undefined;
    at += headLength;
    const payloadLength = buf.readUInt32LE(at);
    at += 4;
    const digest = buf.subarray(at, at + 32);
    at += 32;
    if (at + payloadLength !== buf.length) return undefined;
    const payload = buf.subarray(at);
    if (!createHash('sha256').update(payload).digest().equals(digest)) return undefined;

    const r = new Reader(payload, payload.length);
    const count = r.uint();
    if (count > payload.length) return undefined;
    const lengths = new Array<number>(count);
    for (let i = 0; i < count; i++) lengths[i] = r.uint();
    const strings = new Array<string>(count);
    let pos = r.pos;
    for (let i = 0; i < count; i++) {
      const end = pos + lengths[i]!;
      if (end > payload.length) return undefined;
      strings[i] = payload.toString('utf8', pos, end);
      pos = end;
    }
    r.pos = pos;
    r.strings = strings;
    const depot = depotCodec.decode(r) as Depot;
    const h = hclCodec.decode(r) as Hcl;
    if (r.pos !== payload.length) return undefined;
    // the HCL's fields in the order the loader gives them (src/load/hcl.ts)
    const hcl: Hcl = { releases: h.releases, servers: h.servers, devices: h.devices };
    if (h.updated !== undefined) hcl.updated = h.updated;
    return { depot, hcl };
  } catch {
    return undefined; // a malformed snapshot is no snapshot
  }
}
