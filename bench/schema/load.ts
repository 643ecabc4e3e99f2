// Structural check of the `large` preset's depot and HCL: the loader vs valibot's and zod 4's own
// parsers on the same parsed JSON. Run: npx tsx bench/schema/load.ts DIR (a world written by
// bench/generate/cli.ts writeWorld(DIR, 'large', 1)). Informs how src/schema is turned into checks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { z } from 'zod';
import { parseDepot } from '../../src/load/depot.js';
import { parseHcl } from '../../src/load/hcl.js';
import { parseCluster } from '../../src/load/cluster.js';
import { DepotSchema } from '../../src/schema/depot.js';
import { HclSchema } from '../../src/schema/hcl.js';
import { ClusterSchema } from '../../src/schema/cluster.js';
import { parseVersion } from '../../src/version/version.js';
import { compile } from '../../src/schema/compile.js';
import { Collector } from '../../src/load/check.js';

const dir = process.argv[2] ?? 'bench-world';
const read = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown;
const depot = read('depot.json');
const hcl = read('hcl.json');
const cluster = read('cluster.json');

// zod 4 rendering of the same shapes (the candidate not taken).
const zName = z.string().min(1);
const zVersion = z
  .string()
  .min(1)
  .refine((s) => parseVersion(s) !== null);
const zPci = z.string().regex(/^[0-9a-f]{4}$/);
const zPciAny = z.string().regex(/^([0-9a-f]{4}|\*)$/);
const zConstraint = z.object({ name: zName, relation: z.enum(['<<', '<=', '=', '>=', '>>']).optional(), version: zVersion.optional() });
const zMap = z.record(zName, zVersion);
const zScope = z.object({ vendor: zName, families: z.array(zName).default([]) });
const zDepot = z.object({
  components: z.array(
    z.object({
      name: zName,
      version: zVersion,
      display_name: z.string().optional(),
      display_version: z.string().optional(),
      vendor: z.string().optional(),
      release_date: z.string().optional(),
      depends: z.array(zConstraint).default([]),
      conflicts: z.array(zConstraint).default([]),
      provides: z.array(z.object({ name: zName, version: zVersion.optional() })).default([]),
      reboot_required: z.boolean().default(false),
    }),
  ),
  base_images: z.array(
    z.object({ version: zVersion, display_version: z.string().optional(), release_date: z.string().optional(), components: zMap }),
  ),
  add_ons: z
    .array(
      z.object({
        name: zName,
        version: zVersion,
        display_name: z.string().optional(),
        vendor: z.string().optional(),
        hardware: zScope.optional(),
        supported_base_image_versions: z.array(zVersion).default([]),
        components: zMap,
        removed_components: z.array(zName).default([]),
      }),
    )
    .default([]),
  hardware_support_packages: z
    .array(
      z.object({
        manager: zName,
        pkg: zName,
        version: zVersion,
        hardware: zScope.optional(),
        supported_base_image_versions: z.array(zVersion).default([]),
        components: zMap,
        removed_components: z.array(zName).default([]),
        firmware: z.array(z.object({ vid: zPci, did: zPci, svid: zPciAny, ssid: zPciAny, version: zVersion })).default([]),
      }),
    )
    .default([]),
  solutions: z
    .array(
      z.object({
        name: zName,
        version: zVersion,
        display_name: z.string().optional(),
        supported_base_image_versions: z.array(zVersion).default([]),
        components: z.array(zConstraint),
      }),
    )
    .default([]),
});
const zHcl = z.object({
  updated: z.string().optional(),
  releases: z.array(z.object({ name: zName, base_image_versions: z.array(zVersion) })),
  servers: z.array(z.object({ vendor: zName, model: zName, releases: z.array(zName) })),
  devices: z.array(
    z.object({
      vid: zPci,
      did: zPci,
      svid: zPciAny,
      ssid: zPciAny,
      class: zName,
      vendor: z.string().optional(),
      model: z.string().optional(),
      releases: z.record(
        zName,
        z.array(z.object({ driver: zName, driver_versions: z.array(zVersion), firmware_versions: z.array(zVersion).default([]) })),
      ),
    }),
  ),
});

function time(label: string, run: () => unknown, rounds = 5): void {
  run(); // warm-up (and the version cache)
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    run();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label.padEnd(34)} median ${ms[rounds >> 1]!.toFixed(0).padStart(6)} ms  min ${ms[0]!.toFixed(0).padStart(6)} ms`);
}

const ok = (r: { success: boolean }) => {
  if (!r.success) throw new Error('the generated world should be valid');
};
time('depot: loader (parseDepot)', () => parseDepot(depot, 'depot.json'));
const cDepot = compile(DepotSchema);
const cHcl = compile(HclSchema);
const checked = (f: (c: Collector, v: unknown, p: string) => unknown, value: unknown) => {
  const c = new Collector('x');
  f(c, value, '$');
  if (!c.ok) throw new Error(c.problems[0]!.message);
};
time('depot: compiled schema (shape only)', () => checked(cDepot, depot));
time('depot: valibot safeParse', () => ok(v.safeParse(DepotSchema, depot)));
time('depot: zod 4 safeParse', () => ok(zDepot.safeParse(depot)));
time('hcl: loader (parseHcl)', () => parseHcl(hcl, 'hcl.json'));
time('hcl: compiled schema (shape only)', () => checked(cHcl, hcl));
time('hcl: valibot safeParse', () => ok(v.safeParse(HclSchema, hcl)));
time('hcl: zod 4 safeParse', () => ok(zHcl.safeParse(hcl)));
time('cluster: loader (parseCluster)', () => parseCluster(cluster, 'cluster.json'));
time('cluster: valibot safeParse', () => ok(v.safeParse(ClusterSchema, cluster)));
