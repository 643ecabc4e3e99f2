// `strata fleet` on a small generated fleet: every result equals `strata recommend --json` for
// that cluster, a folder and a JSON Lines file give the same results, bad clusters are results
// that name file, line and JSON path (exit 2), and the summary counts what the results say.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFleet, type WrittenFleet } from '../../bench/generate/cli.js';
import { PRESETS } from '../../bench/generate/world.js';
import type { FleetSummary } from '../../src/fleet/summary.js';
import { run } from '../support/run-cli.js';

let dir: string;
let fleet: WrittenFleet;
let jsonl: string;

const lines = (out: string) =>
  out
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

function split(out: string): { results: Record<string, unknown>[]; summary: FleetSummary & { time: unknown } } {
  const all = lines(out);
  const last = all.pop()!;
  expect(Object.keys(last)).toEqual(['summary']);
  return { results: all, summary: last.summary as FleetSummary & { time: unknown } };
}

/** What `strata recommend --json` prints for one cluster of the fleet. */
async function recommendJson(cluster: string, ...extra: string[]): Promise<unknown> {
  const r = await run(
    'recommend',
    '--depot',
    fleet.depot,
    '--hcl',
    fleet.hcl,
    '--cluster',
    join(fleet.clusters, `${cluster}.json`),
    '--json',
    ...extra,
  );
  expect(r.code).toBe(0);
  return JSON.parse(r.out);
}

const savedCacheHome = process.env.XDG_CACHE_HOME;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'strata-fleet-'));
  // snapshots of the test site go to the temp folder, never to the user's cache
  process.env.XDG_CACHE_HOME = join(dir, 'cache');
  mkdirSync(join(dir, 'cache'));
  fleet = writeFleet(dir, { ...PRESETS.small, clusters: 6, hostsPerCluster: 4 }, 3);
  jsonl = join(dir, 'site.jsonl');
  const files = readdirSync(fleet.clusters).sort();
  writeFileSync(jsonl, files.map((f) => readFileSync(join(fleet.clusters, f), 'utf8').trim()).join('\n') + '\n');
});

afterAll(() => {
  if (savedCacheHome === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedCacheHome;
  rmSync(dir, { recursive: true, force: true });
});

describe('strata fleet', () => {
  it('gives, for every cluster, exactly what strata recommend --json gives (with the same repairs)', async () => {
    const r = await run(
      'fleet',
      '--depot',
      fleet.depot,
      '--hcl',
      fleet.hcl,
      '--clusters',
      fleet.clusters,
      '--json',
      '--jobs',
      '0',
      '--repairs',
      '1',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const { results } = split(r.out);
    expect(results.map((x) => x.cluster).sort()).toEqual(
      readdirSync(fleet.clusters)
        .map((f) => f.replace(/\.json$/, ''))
        .sort(),
    );
    for (const result of results) {
      const { cluster, ...rest } = result;
      expect(rest, String(cluster)).toEqual(await recommendJson(String(cluster)));
    }
    // without --repairs, no repair plans: what recommend --repairs 0 gives
    const plain = split(
      (await run('fleet', '--depot', fleet.depot, '--hcl', fleet.hcl, '--clusters', fleet.clusters, '--json', '--jobs', '0')).out,
    );
    const { cluster, ...rest } = plain.results[0]!;
    expect(rest).toEqual(await recommendJson(String(cluster), '--repairs', '0'));
  }, 120_000);

  it('gives the same results from a JSON Lines file on worker threads, and the summary counts them', async () => {
    const folder = split(
      (await run('fleet', '--depot', fleet.depot, '--hcl', fleet.hcl, '--clusters', fleet.clusters, '--json', '--jobs', '0')).out,
    );
    const r = await run('fleet', '--depot', fleet.depot, '--hcl', fleet.hcl, '--clusters', jsonl, '--json', '--jobs', '2');
    expect(r.code).toBe(0);
    const { results, summary } = split(r.out);
    const byName = (xs: Record<string, unknown>[]) => [...xs].sort((a, b) => String(a.cluster).localeCompare(String(b.cluster)));
    expect(byName(results)).toEqual(byName(folder.results));

    const codes = new Map<string, { count: number; clusters: number }>();
    for (const x of results) {
      const seen = new Set<string>();
      for (const ex of x.excluded_base_images as { reasons: { code: string }[] }[]) {
        for (const { code } of ex.reasons) {
          const c = codes.get(code) ?? { count: 0, clusters: 0 };
          c.count++;
          if (!seen.has(code)) c.clusters++, seen.add(code);
          codes.set(code, c);
        }
      }
    }
    const count = (slot: string) => results.filter((x) => x[slot] !== null).length;
    expect(summary).toMatchObject({
      clusters: 6,
      planned: 6,
      latest: count('latest'),
      current_series: count('current_series'),
      same_base: count('same_base'),
      no_valid_image: 6 - count('latest'),
      bad_input: 0,
      failed: 0,
    });
    expect(new Map(summary.reasons.map(({ code, ...c }) => [code, c]))).toEqual(codes);
    const counts = summary.reasons.map((x) => x.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(summary.time).toMatchObject({ workers: 2 });
  }, 120_000);

  it('keeps a snapshot of the depot and HCL in --cache and answers the same from it; --no-cache writes none', async () => {
    const cache = join(dir, 'snapshots');
    const args = ['fleet', '--depot', fleet.depot, '--hcl', fleet.hcl, '--clusters', fleet.clusters, '--json', '--jobs', '0'];
    const defaultCache = join(dir, 'cache', 'strata'); // $XDG_CACHE_HOME/strata
    expect((await run(...args)).code).toBe(0);
    const before = readdirSync(defaultCache);
    expect(before).toHaveLength(1);
    const plain = split((await run(...args, '--no-cache')).out).results;
    expect(readdirSync(defaultCache)).toEqual(before);
    const first = split((await run(...args, '--cache', cache)).out).results;
    const snapshots = readdirSync(cache);
    expect(snapshots).toHaveLength(1);
    const second = await run(...args, '--cache', cache);
    expect(second.code).toBe(0);
    expect(readdirSync(cache)).toEqual(snapshots);
    expect(split(second.out).results).toEqual(first);
    expect(first).toEqual(plain);
    expect((await run(...args, '--cache', cache, '--no-cache')).code).toBe(2);
  }, 120_000);

  it('reports bad clusters as results naming file, line and JSON path, plans the rest, and exits 2', async () => {
    const good = readFileSync(jsonl, 'utf8').trim().split('\n');
    const first = JSON.parse(good[0]!) as { name: string; hosts: { name: string }[] };
    const badHost = { ...first, name: 'bad-host', hosts: [{ ...first.hosts[0], name: 7 }] };
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, [good[0], '{"name": "broken", ', '', JSON.stringify(badHost), good[0], good[1]].join('\n') + '\n');
    const r = await run('fleet', '--depot', fleet.depot, '--hcl', fleet.hcl, '--clusters', file, '--json', '--jobs', '0');
    expect(r.code).toBe(2);
    const { results, summary } = split(r.out);
    const errors = Object.fromEntries(results.filter((x) => x.errors).map((x) => [x.cluster, x.errors]));
    expect(errors[`${file}:2`]).toEqual([
      expect.objectContaining({ file: `${file}:2`, path: '$', message: expect.stringMatching(/malformed JSON/) }),
    ]);
    expect(errors['bad-host']).toEqual([expect.objectContaining({ file: `${file}:4`, path: '$.hosts[0].name' })]);
    expect(errors[first.name]).toEqual([{ file: `${file}:5`, path: '$.name', message: `cluster "${first.name}" is also in ${file}:1` }]);
    expect(results.filter((x) => x.latest !== undefined)).toHaveLength(2);
    expect(summary).toMatchObject({ clusters: 5, planned: 2, bad_input: 3, failed: 0 });

    const human = await run('fleet', '--depot', fleet.depot, '--hcl', fleet.hcl, '--clusters', file, '--jobs', '0');
    expect(human.code).toBe(2);
    expect(human.out).toContain(`bad-host  bad input: ${file}:4: $.hosts[0].name:`);
    expect(human.out).toMatch(/not planned: 3 bad input/);
    expect(human.out).toMatch(/^5 clusters: /m);
  }, 120_000);

  it('stops with exit 2 and the file and JSON path on a bad depot, and on bad usage', async () => {
    const depot = join(dir, 'bad-depot.json');
    const d = JSON.parse(readFileSync(fleet.depot, 'utf8')) as { base_images: unknown[] };
    d.base_images = 'none' as unknown as unknown[];
    writeFileSync(depot, JSON.stringify(d));
    const bad = await run('fleet', '--depot', depot, '--hcl', fleet.hcl, '--clusters', fleet.clusters, '--jobs', '1');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`${depot}: $.base_images:`);
    expect(bad.out).toBe('');

    const missing = await run('fleet', '--depot', fleet.depot, '--hcl', fleet.hcl);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/missing --clusters/);
    const empty = join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    const none = await run('fleet', '--depot', fleet.depot, '--hcl', fleet.hcl, '--clusters', empty);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/no cluster files/);
    const nowhere = await run('fleet', '--depot', fleet.depot, '--hcl', fleet.hcl, '--clusters', join(dir, 'nope'));
    expect(nowhere.code).toBe(2);
    expect(nowhere.err).toMatch(/no such file or folder/);
    const help = await run('fleet', '--help');
    expect(help.out).toMatch(/--clusters PATH/);
  }, 120_000);
});
