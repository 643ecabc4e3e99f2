// What the loader needs to know about a schema beyond valibot's own description of it: the words
// a problem uses for it ("expected a component object") and, for value types, which check gives
// the detailed messages. Kept in side tables so the JSON Schema of /docs stays clean.
import type * as v from 'valibot';

export type LeafKind = 'name' | 'text' | 'boolean' | 'version' | 'pci' | 'pci*' | 'relation' | 'pciref';

const nouns = new WeakMap<object, string>();
const leaves = new WeakMap<object, LeafKind>();

/** Names what a schema expects, for problems: `expected NOUN, found ...`. */
export function named<T extends v.GenericSchema>(schema: T, noun: string): T {
  nouns.set(schema, noun);
  return schema;
}

/** A value type checked by the loader's own code (`kind`) rather than walked. */
export function leaf<T extends v.GenericSchema>(schema: T, kind: LeafKind, noun: string): T {
  leaves.set(schema, kind);
  return named(schema, noun);
}

export function nounOf(schema: object): string | undefined {
  return nouns.get(schema);
}

export function leafOf(schema: object): LeafKind | undefined {
  return leaves.get(schema);
}

export interface Discriminator {
  /** how problems name the discriminating field: `unknown op "x"` */
  label: string;
  /** a likely meant value for an unknown one ("did you mean ...?") */
  hint?: (value: string) => string | undefined;
}

const discriminators = new WeakMap<object, Discriminator>();

/** How the loader words an unknown value of a variant's discriminating key. */
export function discriminated<T extends v.GenericSchema>(schema: T, noun: string, d: Discriminator): T {
  discriminators.set(schema, d);
  return named(schema, noun);
}

export function discriminatorOf(schema: object): Discriminator | undefined {
  return discriminators.get(schema);
}
