// Parts of a profile's rules that copy another profile's (src/plan/encode/profile-shape.ts): the
// same clauses up to the part's own variables, and nothing else.
import { describe, expect, it } from 'vitest';
import { Catalog, pciString } from '../../src/catalog/catalog.js';
import { hardwareProfiles } from '../../src/catalog/profiles.js';
import type { Host } from '../../src/model/types.js';
import { encodeProfile } from '../../src/plan/encode/hardware.js';
import { ProfileShapes, type ProfileRecording } from '../../src/plan/encode/profile-shape.js';
import { ClusterPlan } from '../../src/plan/plan.js';
import { loadedRandomWorld } from '../support/random-world.js';

const recording = (clauses: number[][], local: number[], escaped = false): ProfileRecording => ({
  clauses,
  local: new Set(local),
  escaped,
});

describe('profile shapes', () => {
  // two devices' rules under activation 10 (selectors 11 and 13, an auxiliary 12), and under 20
  // the same with the second rule on another global literal (8 for 7)
  const selectors = new Set([11, 13, 21, 23]);
  const isSelector = (v: number) => selectors.has(v);
  const first = recording(
    [
      [-10, -12, 5],
      [-10, -11, -6, 12],
      [-10, -13, 7],
    ],
    [11, 12, 13],
  );
  const second = recording(
    [
      [-20, -22, 5],
      [-20, -21, -6, 22],
      [-20, -23, 8],
    ],
    [21, 22, 23],
  );

  it('finds the parts connected by own variables, and which copy which', () => {
    const shapes = new ProfileShapes();
    shapes.add(10, first, isSelector);
    shapes.add(20, second, isSelector);
    const a = shapes.shape(10)!;
    const b = shapes.shape(20)!;
    expect(a.relaxable).toBe(true);
    expect(a.parts.map((p) => p.selectors)).toEqual([[11], [13]]);
    expect(b.parts.map((p) => p.selectors)).toEqual([[21], [23]]);
    // the first rule is copied (its auxiliary renamed), the second differs in a global literal
    expect(shapes.copiesOf(b.parts[0]!).map((c) => c.activation)).toEqual([10, 20]);
    expect(shapes.copiesOf(b.parts[1]!).map((c) => c.activation)).toEqual([20]);
  });

  it('is not relaxable when a clause holds no own variable negated, or one escapes', () => {
    const shapes = new ProfileShapes();
    shapes.add(
      10,
      recording(
        [
          [-10, -11, 5],
          [-10, 5, 6],
        ],
        [11],
      ),
      isSelector,
    );
    shapes.add(20, recording([[-20, -21, 5]], [21], true), isSelector);
    shapes.add(30, recording([[-30, 31, 5]], [31]), isSelector);
    expect([10, 20, 30].map((a) => shapes.shape(a)!.relaxable)).toEqual([false, false, false]);
  });

  it('a copy of the shapes grows apart from its source', () => {
    const shapes = new ProfileShapes();
    shapes.add(10, first, isSelector);
    const copy = shapes.copy();
    copy.add(20, second, isSelector);
    expect(shapes.shape(20)).toBeUndefined();
    expect(shapes.copiesOf(shapes.shape(10)!.parts[0]!)).toHaveLength(1);
    expect(copy.copiesOf(copy.shape(20)!.parts[0]!)).toHaveLength(2);
  });

  it('on 40 random worlds: a profile encoded again copies every part; new firmware, only that device', async () => {
    let changed = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const w = loadedRandomWorld(seed);
      const catalog = new Catalog(w.depot, w.hcl);
      const plan = await ClusterPlan.create(catalog, w.cluster, { engine: 'wasm', repairs: 0 });
      try {
        const enc = plan.encoding;
        const shapes = enc.hardware.shapes!;
        const host = w.cluster.hosts[0]!;
        const again = encodeProfile(enc.hardware, catalog, hardwareProfiles([{ ...host, name: `${host.name}-again` }])[0]!);
        const hostProfile = enc.active[0]!;
        expect(shapes.shape(again)!.relaxable).toBe(true);
        for (const part of shapes.shape(again)!.parts) {
          expect(shapes.copiesOf(part).some((c) => c.activation === hostProfile)).toBe(true);
        }
        const device = host.devices.find((d) => catalog.classesWithRules.has(d.class) && catalog.hclDevice(d));
        if (!device) continue;
        const moved: Host = {
          ...host,
          name: `${host.name}-fw`,
          devices: host.devices.map((d) => (d === device ? { ...d, firmware_version: `${d.firmware_version}.9` } : d)),
        };
        const lit = encodeProfile(enc.hardware, catalog, hardwareProfiles([moved])[0]!);
        for (const part of shapes.shape(lit)!.parts) {
          const copied = shapes.copiesOf(part).some((c) => c.activation === hostProfile);
          const names = part.selectors.map((s) => enc.reasons.get(s)!.device);
          if (!copied) {
            expect(names.every((d) => d === pciString(device))).toBe(true);
            changed++;
          }
        }
      } finally {
        plan.dispose();
      }
    }
    // the firmware changed a rule somewhere: the test saw parts that are not copies
    expect(changed).toBeGreaterThan(0);
  });
});
