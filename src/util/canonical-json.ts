// Canonical JSON (object keys sorted at every level, no whitespace) and content hashes of it:
// two documents with the same content compare and hash the same however their keys were
// ordered, so a refresh that changes nothing is recognised as such, and images compare equal
// exactly when they are the same image.
import { createHash } from 'node:crypto';

/** JSON text with object keys sorted; `undefined` members are dropped as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined) continue;
    // defineProperty: a "__proto__" key must stay an own data member, not change the prototype.
    Object.defineProperty(out, k, { value: sortKeys(v), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `sha256:<hex>` of the canonical JSON of `value`. */
export function contentHash(value: unknown): string {
  return `sha256:${sha256(canonicalJson(value))}`;
}
