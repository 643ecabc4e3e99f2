// Readers of esxcli's two plain-text layouts: "Key: value" blocks (hardware pci list, nic get,
// platform get) and column tables under a line of dashes (component list, adapter list).
import type { Line } from './sections.js';
import type { LineProblem } from './problems.js';

export interface Field {
  value: string;
  line: number;
}

/** "   Key: value" lines of one block; nested blocks ("Driver Info:") are flattened. */
export function keyValues(lines: readonly Line[]): Map<string, Field> {
  const out = new Map<string, Field>();
  for (const { text, no } of lines) {
    const m = /^\s*([A-Za-z][A-Za-z0-9 /()._-]*?):(?:\s+(.*))?$/.exec(text);
    if (!m) continue;
    const key = m[1]!.trim().toLowerCase();
    // The first occurrence wins: a nested "Version" must not replace an outer one read earlier.
    if (!out.has(key)) out.set(key, { value: (m[2] ?? '').trim(), line: no });
  }
  return out;
}

export interface PciRecord {
  address: string;
  line: number;
  fields: Map<string, Field>;
}

const PCI_ADDRESS = /^([0-9a-f]{4,8}):([0-9a-f]{2,3}):([0-9a-f]{2})\.([0-7])$/i;

/** `esxcli hardware pci list`: one block per device, each headed by its address alone on a line. */
export function pciRecords(lines: readonly Line[]): PciRecord[] {
  const out: PciRecord[] = [];
  let current: { address: string; line: number; lines: Line[] } | undefined;
  const flush = () => {
    if (current) out.push({ address: current.address, line: current.line, fields: keyValues(current.lines) });
  };
  for (const l of lines) {
    const head = l.text.trim();
    if (/^\S/.test(l.text) && PCI_ADDRESS.test(head)) {
      flush();
      current = { address: normaliseAddress(head), line: l.no, lines: [] };
    } else if (current) {
      current.lines.push(l);
    }
  }
  flush();
  return out;
}

/** `0000:3b:00.0` form: domain of 4 hex digits, lower case. */
export function normaliseAddress(address: string): string {
  const m = PCI_ADDRESS.exec(address.trim());
  if (!m) return address.trim().toLowerCase();
  const domain = m[1]!.slice(-4).padStart(4, '0');
  const bus = m[2]!.slice(-2).padStart(2, '0');
  return `${domain}:${bus}:${m[3]}.${m[4]}`.toLowerCase();
}

/** `0x8086`, `8086` or `0x0000744C` → `8086`; undefined when not a 16-bit hex id. */
export function hexId(text: string): string | undefined {
  const m = /^(?:0x)?([0-9a-f]{1,8})$/i.exec(text.trim());
  if (!m) return undefined;
  const n = parseInt(m[1]!, 16);
  if (n > 0xffff) return undefined;
  return n.toString(16).padStart(4, '0');
}

export interface Table {
  header: string[];
  rows: { cells: Map<string, string>; line: number }[];
}

/**
 * A column table: a header line, a line of dash runs that fixes each column's start, rows until
 * a blank line. Cells may hold spaces ("VMware, Inc."), so columns are cut at the dash runs'
 * starts rather than split on blanks.
 */
export function table(lines: readonly Line[], problems: LineProblem[], what: string): Table | undefined {
  const dashAt = lines.findIndex((l) => /^\s*-+(\s+-+)*\s*$/.test(l.text));
  if (dashAt < 1) {
    const first = lines.find((l) => l.text.trim() !== '');
    problems.push({
      line: first?.no ?? 0,
      message: `expected the table that "${what}" prints (a header line, then a line of dashes under each column)`,
    });
    return undefined;
  }
  const dashes = lines[dashAt]!.text;
  const starts: number[] = [];
  for (const m of dashes.matchAll(/-+/g)) starts.push(m.index!);
  const cut = (text: string): string[] =>
    starts.map((s, i) => (i + 1 < starts.length ? text.slice(s, starts[i + 1]) : text.slice(s)).trim());
  const header = cut(lines[dashAt - 1]!.text).map((h) => h.toLowerCase());
  const rows: Table['rows'] = [];
  for (const l of lines.slice(dashAt + 1)) {
    if (l.text.trim() === '') {
      if (rows.length > 0) break;
      continue;
    }
    const cells = cut(l.text);
    rows.push({ cells: new Map(header.map((h, i) => [h, cells[i] ?? ''])), line: l.no });
  }
  return { header, rows };
}
