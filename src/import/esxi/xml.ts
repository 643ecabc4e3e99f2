// XML documents as small element trees that know their own path (/vib/relationships/depends/
// constraint[3], indexes 1-based among same-named siblings, as XPath counts). Entity expansion is
// off: a document with a DOCTYPE (where entities are declared) is refused outright, and only the
// five predefined entities and character references are decoded, by hand.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlElement {
  name: string;
  path: string;
  attrs: Record<string, string>;
  /** the element's own text, trimmed */
  text: string;
  children: XmlElement[];
}

export type XmlResult = { ok: true; root: XmlElement } | { ok: false; path: string; message: string };

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (all, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    }
    return PREDEFINED[ref] ?? all;
  });
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
});

type Ordered = Record<string, unknown>;

function build(node: Ordered, name: string, path: string): XmlElement {
  const attrs: Record<string, string> = {};
  const rawAttrs = node[':@'] as Record<string, unknown> | undefined;
  if (rawAttrs) for (const [k, v] of Object.entries(rawAttrs)) attrs[k] = decodeEntities(String(v));
  const el: XmlElement = { name, path, attrs, text: '', children: [] };
  const kids = ((node[name] as Ordered[]) ?? []).map((c) => ({ node: c, name: Object.keys(c).find((k) => k !== ':@') }));
  // paths read best without "[1]" where an element is the only one of its name
  const total = new Map<string, number>();
  for (const k of kids) if (k.name !== undefined) total.set(k.name, (total.get(k.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  const texts: string[] = [];
  for (const { node: c, name: childName } of kids) {
    if (childName === undefined || childName.startsWith('?') || childName === '#comment') continue;
    if (childName === '#text') {
      texts.push(decodeEntities(String(c['#text'])));
      continue;
    }
    const n = (seen.get(childName) ?? 0) + 1;
    seen.set(childName, n);
    const childPath = total.get(childName) === 1 ? `${path}/${childName}` : `${path}/${childName}[${n}]`;
    el.children.push(build(c, childName, childPath));
  }
  el.text = texts.join('').trim();
  return el;
}

/** Parses one document; problems carry the line and column the validator reports. */
export function parseXml(text: string): XmlResult {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    return { ok: false, path: '', message: 'DOCTYPE and entity declarations are refused (entity expansion is off)' };
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const e = valid.err;
    return { ok: false, path: '', message: `malformed XML at line ${e.line}, column ${e.col}: ${e.msg}` };
  }
  const top = (parser.parse(text) as Ordered[]).filter((n) =>
    Object.keys(n).some((k) => !k.startsWith('?') && k !== ':@' && k !== '#text'),
  );
  if (top.length !== 1) return { ok: false, path: '', message: 'expected one root element' };
  const name = Object.keys(top[0]!).find((k) => k !== ':@')!;
  return { ok: true, root: build(top[0]!, name, `/${name}`) };
}

export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** Text of a direct child, or undefined when absent or empty. */
export function childText(el: XmlElement, name: string): string | undefined {
  const c = child(el, name);
  return c && c.text !== '' ? c.text : undefined;
}
