// Bad scenarios: each is reported with its line and the JSON path of the problem, and skipped;
// the other scenarios of the file still run.
import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorld, worldFiles } from '../../src/load/world.js';
import { shutdownEngines } from '../../src/sat/registry.js';
import { WhatifRunner } from '../../src/whatif/run.js';
import { formatFailure, parseScenarioLine, splitScenarioLines } from '../../src/whatif/scenario.js';
import { startWhatif } from '../../src/whatif/session.js';
import { reasonLabel, slotFate, Summary } from '../../src/whatif/report.js';
import { SLOTS } from '../../src/model/slots.js';
import { isFailure, type ScenarioDigest, type ScenarioFailure, type ScenarioResult } from '../../src/whatif/types.js';
import type { World } from '../../src/model/types.js';
import { loadedWorld, naiveApply } from './support.js';
import { withPlan } from '../../src/plan/plan.js';
import { Catalog } from '../../src/catalog/catalog.js';

const EXAMPLE = new URL('../../examples/dell-r750/', import.meta.url).pathname;
const SCENARIOS = new URL('../../examples/whatif/dell-r750.jsonl', import.meta.url).pathname;

const host = (name: string) => ({
  name,
  vendor: 'Dell Inc.',
  model: 'PowerEdge R750',
  family: 'PowerEdge 15G',
  devices: [{ id: 'vmnic0', vid: '8086', did: '1572', svid: '1028', ssid: '1f99', class: 'nic', firmware_version: '9.40' }],
});

let world: World;
let runner: WhatifRunner;

beforeAll(async () => {
  world = loadWorld(worldFiles(EXAMPLE));
  runner = await WhatifRunner.create(world, { file: 's.jsonl' });
});

afterAll(async () => {
  runner.dispose();
  await shutdownEngines();
});

async function runAll(lines: string[]): Promise<ScenarioResult[]> {
  const out: ScenarioResult[] = [];
  for (const [i, text] of lines.entries()) out.push(await runner.runLine(i + 1, text));
  return out;
}

function failure(r: ScenarioResult): ScenarioFailure {
  expect(isFailure(r), JSON.stringify(r)).toBe(true);
  return r as ScenarioFailure;
}

const good = JSON.stringify({ name: 'retire esx-06', changes: [{ op: 'remove_host', host: 'esx-06.lab.local' }] });

describe('bad scenarios are reported with line and path, and skipped', () => {
  it('a line that is not JSON', async () => {
    const [bad, ok] = await runAll(['{"name": "x", "changes": [}', good]);
    const f = failure(bad!);
    expect(f.line).toBe(1);
    expect(f.error.path).toBe('$');
    expect(f.error.message).toMatch(/malformed JSON at column 27/);
    expect(isFailure(ok!)).toBe(false);
  });

  it('a line that is JSON but not a scenario', async () => {
    expect(failure((await runAll(['[1, 2]']))[0]!).error.message).toMatch(/expected a scenario object/);
    const f = failure((await runAll(['{"changes": []}']))[0]!);
    expect(f.error).toEqual({ path: '$.name', message: 'required field is missing (expected a string)' });
    expect(failure((await runAll(['{"name": "n", "changes": {}}']))[0]!).error.path).toBe('$.changes');
  });

  it('an unknown op, with a hint', async () => {
    const [ok, bad] = await runAll([
      good,
      JSON.stringify({
        name: 'typo',
        changes: [
          { op: 'remove_host', host: 'esx-01.lab.local' },
          { op: 'removeHost', host: 'x' },
        ],
      }),
    ]);
    expect(isFailure(ok!)).toBe(false);
    const f = failure(bad!);
    expect(f).toMatchObject({ name: 'typo', line: 2, error: { path: '$.changes[1].op' } });
    expect(f.error.message).toMatch(/unknown op "removeHost".*did you mean remove_host\?/);
    expect(formatFailure('s.jsonl', f)).toMatch(/^s\.jsonl: line 2: \$\.changes\[1\]\.op: unknown op/);
  });

  it('a mistyped op or depot kind, with a hint', async () => {
    const [op, kind] = await runAll([
      JSON.stringify({ name: 'op', changes: [{ op: 'set_firmwar', host: 'esx-01.lab.local', device: 'vmnic0', version: '1' }] }),
      JSON.stringify({ name: 'kind', changes: [{ op: 'depot_remove', kind: 'add_on', name: 'x', version: '1' }] }),
    ]);
    expect(failure(op!).error.message).toMatch(/unknown op "set_firmwar".*did you mean set_firmware\?/);
    expect(failure(kind!).error.message).toMatch(/unknown kind "add_on".*did you mean add_ons\?/);
  });

  it('a host of the wrong shape names the path inside the host', async () => {
    const bad = {
      ...host('esx-10'),
      devices: [{ id: 'vmnic0', vid: '8086', did: '1572', svid: '1028', ssid: '1F99', class: 'nic', firmware_version: '9.40' }],
    };
    const f = failure((await runAll([JSON.stringify({ name: 'h', changes: [{ op: 'add_host', host: bad }] })]))[0]!);
    expect(f.error.path).toBe('$.changes[0].host.devices[0].ssid');
    expect(f.error.message).toMatch(/lower-case hex/);
    const missing = failure((await runAll([JSON.stringify({ name: 'h', changes: [{ op: 'add_host', host: { name: 'x' } }] })]))[0]!);
    expect(missing.error).toEqual({ path: '$.changes[0].host.vendor', message: 'required field is missing (expected a string)' });
    const noHost = failure((await runAll([JSON.stringify({ name: 'h', changes: [{ op: 'add_host' }] })]))[0]!);
    expect(noHost.error.path).toBe('$.changes[0].host');
  });

  it('an unknown host to remove, a duplicate host, an unknown device', async () => {
    const results = await runAll([
      JSON.stringify({ name: 'a', changes: [{ op: 'remove_host', host: 'esx-99' }] }),
      JSON.stringify({ name: 'b', changes: [{ op: 'add_host', host: host('esx-01.lab.local') }] }),
      JSON.stringify({ name: 'c', changes: [{ op: 'set_firmware', host: 'esx-01.lab.local', device: 'vmnic9', version: '9.50' }] }),
      JSON.stringify({ name: 'd', changes: [{ op: 'add_device', host: 'esx-01.lab.local', device: host('x').devices[0] }] }),
      JSON.stringify({
        name: 'e',
        changes: [
          { op: 'remove_host', host: 'esx-01.lab.local' },
          { op: 'remove_host', host: 'esx-01.lab.local' },
        ],
      }),
      good,
    ]);
    expect(failure(results[0]!)).toMatchObject({ name: 'a', line: 1, error: { path: '$.changes[0].host' } });
    expect(failure(results[0]!).error.message).toMatch(/no host named "esx-99" in cluster vsan-prod-01/);
    expect(failure(results[1]!).error).toMatchObject({
      path: '$.changes[0].host.name',
      message: expect.stringMatching(/already in cluster/),
    });
    expect(failure(results[2]!).error).toMatchObject({
      path: '$.changes[0].device',
      message: expect.stringMatching(/has no device "vmnic9"/),
    });
    expect(failure(results[3]!).error).toMatchObject({
      path: '$.changes[0].device.id',
      message: expect.stringMatching(/already has a device vmnic0/),
    });
    // the second removal sees the world the first one left
    expect(failure(results[4]!).error.path).toBe('$.changes[1].host');
    expect(isFailure(results[5]!)).toBe(false);
  });

  it('HCL edits of entries, releases, drivers or versions that do not exist', async () => {
    const r = (change: object) => JSON.stringify({ name: 'h', changes: [change] });
    const base = {
      op: 'hcl_remove_driver_version',
      device: '8086:1572:1028:1f99',
      release: 'ESXi 8.0 U2',
      driver: 'Intel-i40en',
      version: '2.5.2.0-1OEM.800.1.0.20613240',
    };
    const results = await runAll([
      r({ ...base, device: '8086:1572:1028:0000' }),
      r({ ...base, release: 'ESXi 9.9' }),
      r({ ...base, driver: 'nope' }),
      r({ ...base, version: '9.9.9' }),
      r({ ...base, device: '8086:1572' }),
      r({ op: 'hcl_set_server_releases', vendor: 'Dell Inc.', model: 'PowerEdge R760', releases: ['ESXi 8.0 U2', 'ESXi 7'] }),
      r({ op: 'hcl_add_row', device: '8086:1572:1028:1f99', release: 'ESXi 8.0 U3', row: { driver: 'Intel-i40en' } }),
      r(base),
    ]);
    expect(failure(results[0]!).error).toMatchObject({
      path: '$.changes[0].device',
      message: expect.stringMatching(/no device entry 8086:1572:1028:0000 \(entries for 8086:1572: 8086:1572:1028:1f99\)/),
    });
    expect(failure(results[1]!).error.path).toBe('$.changes[0].release');
    expect(failure(results[2]!).error.path).toBe('$.changes[0].driver');
    expect(failure(results[3]!).error.path).toBe('$.changes[0].version');
    expect(failure(results[4]!).error.path).toBe('$.changes[0].device');
    expect(failure(results[5]!).error.path).toBe('$.changes[0].releases[1]');
    expect(failure(results[6]!).error.path).toBe('$.changes[0].row.driver_versions');
    expect(isFailure(results[7]!)).toBe(false);
  });

  it('depot edits: removing a missing item, a component still in use, dangling or duplicate items', async () => {
    const r = (change: object) => JSON.stringify({ name: 'd', changes: [change] });
    const results = await runAll([
      r({ op: 'depot_remove', kind: 'add_ons', name: 'DEL-ESXi', version: '999.0' }),
      r({ op: 'depot_remove', kind: 'add_ons', name: 'HPE', version: '1.0' }),
      r({ op: 'depot_remove', kind: 'base_images', version: '9.0.0' }),
      r({ op: 'depot_remove', kind: 'components', name: 'Intel-i40en', version: '2.5.2.0-1OEM.800.1.0.20613240' }),
      r({ op: 'depot_add', kind: 'add_ons', item: { name: 'X', version: '1.0', components: { 'Intel-i40en': '0.1' } } }),
      r({ op: 'depot_add', kind: 'base_images', item: { version: '8.0.2-0.30.23305546', components: {} } }),
      r({ op: 'depot_add', kind: 'widgets', item: {} }),
      r({ op: 'depot_remove', kind: 'solutions', version: '8.0.2' }),
      r({ op: 'depot_add', kind: 'components', item: { name: 'c', version: '1..0' } }),
    ]);
    expect(failure(results[0]!).error).toMatchObject({
      path: '$.changes[0].version',
      message: expect.stringMatching(/add-on DEL-ESXi has no version 999.0 in the depot/),
    });
    expect(failure(results[1]!).error).toMatchObject({ path: '$.changes[0].name', message: 'no add-on HPE in the depot' });
    expect(failure(results[2]!).error.path).toBe('$.changes[0].version');
    expect(failure(results[3]!).error).toMatchObject({
      path: '$.changes[0].version',
      message: expect.stringMatching(/still used by add-on DEL-ESXi/),
    });
    expect(failure(results[4]!).error).toEqual({
      path: '$.changes[0].item.components["Intel-i40en"]',
      message: 'version 0.1 is not in the depot',
    });
    expect(failure(results[5]!).error).toMatchObject({ path: '$.changes[0].item', message: expect.stringMatching(/duplicate base image/) });
    expect(failure(results[6]!).error.path).toBe('$.changes[0].kind');
    expect(failure(results[7]!).error).toEqual({ path: '$.changes[0].name', message: 'required field is missing (expected a string)' });
    expect(failure(results[8]!).error.path).toBe('$.changes[0].item.version');
  });

  it('a bad desired image', async () => {
    const f = failure(
      (await runAll([JSON.stringify({ name: 's', changes: [{ op: 'set_desired', spec: { base_image: { version: 8 } } }] })]))[0]!,
    );
    expect(f.error.path).toBe('$.changes[0].spec.base_image.version');
  });

  it('blank lines are skipped and line numbers are those of the file', () => {
    const lines = splitScenarioLines('\uFEFF{"a":1}\r\n\n   \n{"b":2}\n');
    expect(lines).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 4, text: '{"b":2}' },
    ]);
    const parsed = parseScenarioLine('{"name": "x", "changes": [{"op": "remove_host"}]}', 4, 'f.jsonl');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(formatFailure('f.jsonl', parsed.failure)).toBe(
        'f.jsonl: line 4: $.changes[0].host: required field is missing (expected a string)',
      );
  });
});

describe('the example scenario file', () => {
  it('answers each scenario as a fresh recommend on the changed world would', { timeout: 60_000 }, async () => {
    const lines = splitScenarioLines(fs.readFileSync(SCENARIOS, 'utf8'));
    const session = await startWhatif(world, lines, { jobs: 1, file: 'dell-r750.jsonl' });
    let i = 0;
    let bad = 0;
    for await (const answer of session.results()) {
      const result = answer.result();
      const line = lines[i++]!;
      if (isFailure(result)) {
        bad++;
        continue;
      }
      const scenario = JSON.parse(line.text);
      const w = naiveApply(world, scenario.changes);
      const fresh = await withPlan(new Catalog(w.depot, w.hcl), w.cluster, {}, (p) => p.recommend());
      expect(result.latest, scenario.name).toEqual(fresh.latest);
      expect(result.current_series, scenario.name).toEqual(fresh.current_series);
      expect(result.same_base, scenario.name).toEqual(fresh.same_base);
      expect(result.excluded_base_images.map((x) => x.version)).toEqual(fresh.excluded_base_images.map((x) => x.version));
    }
    await session.close();
    expect(bad).toBe(1);
    expect(i).toBe(lines.length);
    expect(session.stats.incremental + session.stats.memo).toBeGreaterThan(0);
  });
});

describe('worker threads', () => {
  const built = fs.existsSync(new URL('../../dist/whatif/worker.js', import.meta.url));
  it.skipIf(!built)('give the same results in the same order as one thread', { timeout: 60_000 }, async () => {
    // a world whose baseline has images, some of which the scenarios change
    const w = loadedWorld(9);
    // some remove a base image, so that recommendations change too
    const bases = w.depot.base_images;
    const change = (i: number) =>
      i % 3 === 2
        ? [{ op: 'depot_remove', kind: 'base_images', version: bases[i % bases.length]!.version }]
        : i % 2
          ? [{ op: 'remove_host', host: w.cluster.hosts[0]!.name }]
          : [];
    const lines = Array.from({ length: 80 }, (_, i) => ({
      line: i + 1,
      text: i % 9 === 4 ? '{"name": "bad"' : JSON.stringify({ name: `s${i}`, changes: change(i) }),
    }));
    const collect = async (jobs: number, inThread = false) => {
      // with this thread answering too, the worker starts after its second batch
      const workersWhen = { afterMs: 0, leftMs: 0 };
      const s = await startWhatif(w, lines, { jobs, minParallel: 1, inThread, workersWhen, batchSize: 4 });
      const out: ScenarioResult[] = [];
      const texts: string[] = [];
      const digests: ScenarioDigest[] = [];
      for await (const r of s.results()) {
        out.push(r.result());
        texts.push(r.text);
        digests.push(r.digest);
      }
      await s.close();
      return { out, texts, digests, jobs: s.jobs, stats: s.stats, baseline: s.baseline };
    };
    const one = await collect(1);
    const two = await collect(2);
    expect(two.jobs).toBe(2);
    expect(two.out).toEqual(one.out);
    expect(two.texts).toEqual(one.texts);
    expect(two.digests).toEqual(one.digests);
    // this thread answering batches beside a worker (the CLI's way): the same, counted the same
    const mixed = await collect(2, true);
    expect(mixed.jobs).toBe(2);
    expect(mixed.texts).toEqual(one.texts);
    expect(mixed.digests).toEqual(one.digests);
    expect(mixed.out).toEqual(one.out);
    expect(mixed.stats.bad).toBe(one.stats.bad);
    expect(mixed.stats.incremental + mixed.stats.memo + mixed.stats.restricted + mixed.stats.fresh + mixed.stats.bad).toBe(lines.length);
    expect(one.texts).toEqual(one.out.map((r) => JSON.stringify(r)));
    // the closing summary counts digests: the same as counting the results themselves
    const summary = new Summary(two.baseline);
    for (const d of two.digests) summary.add(d);
    expect(summary.bad).toBe(one.stats.bad);
    // ...as counted off the results in this thread: each slot's fate, each reason label once per
    // scenario, and as its example the last reason of that label in the first scenario with it
    const fates = new Summary(one.baseline).fates;
    const reasons = new Map<string, number>();
    const examples = new Map<string, unknown>();
    for (const r of one.out) {
      if (isFailure(r)) continue;
      for (const s of SLOTS) fates[s][slotFate(one.baseline[s], r[s] !== null, r.changed.includes(s))]++;
      const last = new Map(r.excluded_base_images.flatMap((x) => x.reasons.map((e) => [reasonLabel(e), e] as const)));
      for (const [label, e] of last) {
        reasons.set(label, (reasons.get(label) ?? 0) + 1);
        if (!examples.has(label)) examples.set(label, { code: e.code, host: e.host, device: e.device, item: e.item });
      }
    }
    expect(summary.fates).toEqual(fates);
    expect(SLOTS.some((slot) => fates[slot].changed > 0)).toBe(true);
    expect(reasons.size).toBeGreaterThan(0);
    expect(new Map(summary.reasons)).toEqual(reasons);
    const strip = (e: object) => Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined));
    expect(new Map([...summary.examples].map(([k, e]) => [k, strip(e)]))).toEqual(
      new Map([...examples].map(([k, e]) => [k, strip(e as object)])),
    );
    expect(two.stats.bad).toBe(one.stats.bad);
  });
});
