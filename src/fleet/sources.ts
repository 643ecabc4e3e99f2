// Where a fleet's clusters come from: a folder of cluster files (`*.json`, in name order) or one
// JSON Lines file (a cluster per line; blank lines skipped). A bad cluster is not fatal: it comes
// out as an entry with its problems, named by file (and line) and JSON path, and the rest go on.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Cluster } from '../model/types.js';
import { parseCluster } from '../load/cluster.js';
import { InputError, type Problem } from '../load/errors.js';
import { encodingFault, parseJsonText, readJsonFile } from '../load/json.js';

export interface ClusterEntry {
  /** the cluster's name; for an unreadable cluster, its file name or "FILE:LINE" */
  name: string;
  /** where it was read: "DIR/x.json" or "FILE:LINE" */
  source: string;
  cluster?: Cluster;
  problems?: Problem[];
}

/** Why `dir` cannot be read as a source, or the kind of source it is. */
export function sourceKind(p: string): 'folder' | 'lines' | { problem: string } {
  try {
    return fs.statSync(p).isDirectory() ? 'folder' : 'lines';
  } catch {
    return { problem: `${p}: no such file or folder (give a folder of cluster files or a JSON Lines file)` };
  }
}

/** The cluster files of a folder, sorted, so runs list them in a stable order. */
export function clusterFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => path.join(dir, e.name))
    .sort();
}

function entryOf(read: () => unknown, source: string, fallbackName: string): ClusterEntry {
  let value: unknown;
  try {
    value = read();
    const cluster = parseCluster(value, source);
    return { name: cluster.name, source, cluster };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const named = value !== null && typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string';
    return { name: named ? (value as { name: string }).name : fallbackName, source, problems: err.problems };
  }
}

export interface ClusterSource {
  /** how many entries `entries` yields, bad ones included (known before any cluster is parsed) */
  count: number;
  entries: Iterable<ClusterEntry>;
}

/**
 * The clusters of `p` (a folder or a JSON Lines file): counted at once, parsed lazily one at a
 * time, so planning can start before the last cluster is read.
 */
export function openClusters(p: string): ClusterSource {
  const kind = sourceKind(p);
  if (typeof kind === 'object') throw new InputError([{ file: p, path: '$', message: kind.problem.slice(p.length + 2) }]);
  if (kind === 'folder') {
    const files = clusterFiles(p);
    return { count: files.length, entries: unique(files.map((f) => () => entryOf(() => readJsonFile(f), f, path.basename(f, '.json')))) };
  }
  const bytes = fs.readFileSync(p);
  const fault = encodingFault(bytes);
  if (fault) throw new InputError([{ file: p, path: '$', message: fault }]);
  const text = bytes.toString('utf8');
  // one cluster document, pretty-printed or not, is a fleet of one
  const whole = wholeDocument(text);
  if (whole !== undefined) return { count: 1, entries: unique([() => entryOf(() => whole, p, path.basename(p))]) };
  const lines: (() => ClusterEntry)[] = [];
  let start = 0;
  for (let line = 1; start <= text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end);
    start = end + 1;
    if (raw.trim() === '') continue;
    const source = `${p}:${line}`;
    lines.push(() => entryOf(() => parseJsonText(raw, source), source, source));
  }
  return { count: lines.length, entries: unique(lines) };
}

/** The entries read in order, a cluster named as an earlier one turned into a problem. */
function* unique(reads: readonly (() => ClusterEntry)[]): Generator<ClusterEntry> {
  const seen = new Map<string, string>();
  const named = (e: ClusterEntry): ClusterEntry => {
    if (!e.cluster) return e;
    const first = seen.get(e.name);
    if (first !== undefined) {
      return {
        name: e.name,
        source: e.source,
        problems: [{ file: e.source, path: '$.name', message: `cluster "${e.name}" is also in ${first}` }],
      };
    }
    seen.set(e.name, e.source);
    return e;
  };
  for (const read of reads) yield named(read());
}

function wholeDocument(text: string): object | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
