// Hardware rules of SPEC §3.3 for one hardware profile, encoded under an activation literal so a
// cluster's hosts can change (what-if, events) without re-encoding the rest: the profiles present
// are assumed, the others stay inert.
import type { Lit } from '../../sat/engine.js';
import { appliesTo, packageFirmwareFor, pciString, type Catalog } from '../../catalog/catalog.js';
import { hardwareProfiles, type HardwareProfile } from '../../catalog/profiles.js';
import type { Device, HclDevice, HclRow, Host, ImageError } from '../../model/types.js';
import { describeDevice, describeHost, listOr } from '../../image/messages.js';
import { versionKey } from '../../version/version.js';
import type { Builder } from '../builder.js';
import type { CandidateSpace } from '../space.js';
import type { Effective } from './composition.js';
import type { LevelLayout } from './layout.js';
import type { ProfileRecording, ProfileShapes } from './profile-shape.js';

/** What the hardware rules need of the rest of the encoding. */
export interface HardwareContext {
  builder: Builder;
  space: CandidateSpace;
  layout: LevelLayout;
  effective: Effective;
  /** activation literal → the hardware key of the profile encoded under it */
  profileKeys: Map<Lit, string>;
  /**
   * Base images the pre-filter ruled out for these very hosts (src/plan/encode.ts): left out of
   * the rules, since they are false in every planner model and an explanation assumes another.
   */
  dropped?: ReadonlyMap<number, unknown>;
  /** the shapes of the profiles encoded, when recorded (explanations kept across host changes use them) */
  shapes?: ProfileShapes;
  /** repairs only: the operator's levers on a profile's device (remove it; set its firmware) */
  deviceLever?: (profile: HardwareProfile, device: Device) => DeviceLever;
}

/** Literals of the repairs' hardware levers on one device of one profile. */
export interface DeviceLever {
  /** the device is taken out of every host of the profile: no rule applies to it */
  remove: Lit;
  /** its firmware is set, on every host of the profile, to one the HCL certifies with the image's driver */
  firmware: Lit;
}

const firmwareKeysOf = new WeakMap<HclRow, Set<string>>();

/** A row's firmware versions as versionKeys (equal versions, equal keys), made once per row. */
function firmwareKeys(row: HclRow): Set<string> {
  let keys = firmwareKeysOf.get(row);
  if (!keys) firmwareKeysOf.set(row, (keys = new Set(row.firmware_versions.map(versionKey))));
  return keys;
}

/** Encodes the profile's rules under a fresh activation literal and returns it. */
export function encodeProfile(ctx: HardwareContext, catalog: Catalog, profile: HardwareProfile): Lit {
  const b = ctx.builder;
  const { space } = ctx;
  const baseVars = ctx.layout.base.vars;
  const pkgVars = ctx.layout.pkg.vars;
  const activation = b.fresh();
  ctx.profileKeys.set(activation, profile.key);
  const host = profile.hosts[0]!;
  const recording: ProfileRecording | undefined = ctx.shapes && { clauses: [], local: new Set() };
  b.within(activation, recording, () => {
    const covered = (what: string, item: string, scope: Parameters<typeof appliesTo>[0], lit: Lit) => {
      if (appliesTo(scope, host)) return;
      b.guarded(
        {
          code: 'HARDWARE_NOT_COVERED',
          host: host.name,
          item,
          message: `host ${host.name}: ${what} is for ${scope!.vendor} hardware, not ${describeHost(host)}`,
        },
        [-lit],
      );
    };
    space.addOns.forEach(
      (a, i) => a && covered(`add-on ${a.name} ${a.version}`, `${a.name}@${a.version}`, a.hardware, ctx.layout.addOn.vars[i]!),
    );
    space.pkgs.forEach((p, i) => p && covered(`package ${p.pkg} ${p.version}`, `${p.pkg}@${p.version}`, p.hardware, pkgVars[i]!));

    const notCertified = (base: string) => serverMessage(catalog, host, base);
    // one clause per group of base images (their disjunction), not one per base image
    const live = (i: number) => !ctx.dropped?.has(i);
    const uncertified = baseVars.filter((_, i) => live(i) && !catalog.serverCertified(host, space.bases[i]!.version));
    if (uncertified.length) b.guarded({ code: 'SERVER_NOT_CERTIFIED', host: host.name, message: notCertified }, [-b.or(uncertified)]);
    const byRelease = new Map<string, number[]>(); // release name ('' for none) → base variables
    space.bases.forEach((base, i) => {
      if (!live(i)) return;
      const name = catalog.releaseOf(base.version)?.name ?? '';
      let list = byRelease.get(name);
      if (!list) byRelease.set(name, (list = []));
      list.push(baseVars[i]!);
    });

    for (const device of profile.devices) {
      if (!catalog.classesWithRules.has(device.class)) continue;
      const id = pciString(device);
      const entry = catalog.hclDevice(device);
      const lever = ctx.deviceLever?.(profile, device);
      if (!entry) {
        b.guarded(
          {
            code: 'DEVICE_NOT_LISTED',
            host: host.name,
            device: id,
            message: `host ${host.name}: ${describeDevice(device)} is not in the HCL`,
          },
          lever ? [lever.remove] : [],
        );
        continue;
      }
      // the firmware the device runs under each package choice
      const firmwareUnder = space.pkgs.map((p) => versionKey(packageFirmwareFor(p, device) ?? device.firmware_version));
      const certified = new Map<string, Lit[]>(); // release → literals of certified (driver, firmware) pairs
      const pairsFor = (release: string): Lit[] => {
        let lits = certified.get(release);
        if (lits) return lits;
        lits = [];
        for (const row of entry.releases[release] ?? []) {
          const firmware = row.firmware_versions.length === 0 ? null : firmwareKeys(row);
          const okPkgs = firmware === null ? pkgVars : pkgVars.filter((_, pi) => firmware.has(firmwareUnder[pi]!));
          if (okPkgs.length === 0) continue;
          for (const dv of row.driver_versions) {
            const e = ctx.effective.get(row.driver)?.get(versionKey(dv));
            if (!e) continue;
            if (okPkgs.length === pkgVars.length) {
              lits.push(e.lit);
            } else {
              const t = b.fresh();
              b.clause([-t, e.lit]);
              b.clause([-t, ...okPkgs]);
              lits.push(t);
            }
          }
        }
        certified.set(release, lits);
        return lits;
      };
      // with the firmware lever: a row's driver in the image is enough when the host's own
      // firmware counts (no chosen package sets it) and the row names firmware to set it to
      const hostFirmware = pkgVars.filter((_, pi) => packageFirmwareFor(space.pkgs[pi], device) === undefined);
      const settable = (release: string): Lit[] => {
        if (!lever || hostFirmware.length === 0) return [];
        const lits: Lit[] = [];
        for (const row of entry.releases[release] ?? []) {
          if (row.firmware_versions.length === 0) continue;
          for (const dv of row.driver_versions) {
            const e = ctx.effective.get(row.driver)?.get(versionKey(dv));
            if (!e) continue;
            const t = b.fresh();
            b.clause([-t, lever.firmware]);
            b.clause([-t, e.lit]);
            b.clause([-t, ...hostFirmware]);
            lits.push(t);
          }
        }
        return lits;
      };
      const message = (base: string) => deviceMessage(catalog, host, device, entry, base);
      const reason = { code: 'DEVICE_NOT_CERTIFIED' as const, host: host.name, device: id, message };
      for (const [release, bases] of byRelease) {
        const levers = lever ? [lever.remove, ...(release ? settable(release) : [])] : [];
        b.guarded(reason, [-b.or(bases), ...(release ? pairsFor(release) : []), ...levers]);
      }
    }
  });
  if (recording) ctx.shapes!.add(activation, recording, (v) => b.reasons.has(v));
  return activation;
}

/**
 * The base images that `baseBlockers` blocks for the hosts, by index, each with its one error
 * (the cheap pre-filter; what it drops depends on the hosts).
 */
export function blockedBases(catalog: Catalog, hosts: readonly Host[], space: CandidateSpace): Map<number, ImageError> {
  const dropped = new Map<number, ImageError>();
  const blockerOf = baseBlockers(catalog, hardwareProfiles(hosts));
  space.bases.forEach((base, i) => {
    const blocker = blockerOf(base.version);
    if (blocker) dropped.set(i, blocker);
  });
  return dropped;
}

/** Rules out, on the base level, each blocked base image, guarded by its one error. */
export function guardBlocked(b: Builder, dropped: ReadonlyMap<number, ImageError>, layout: Pick<LevelLayout, 'base'>): void {
  for (const [i, blocker] of [...dropped].sort(([x], [y]) => x - y)) b.guarded(blocker, [-layout.base.vars[i]!]);
}

/**
 * Cheap pre-filter: the first error every image on a base image has on these hosts, whatever
 * else is chosen — the server is not certified for its release, or a device with rules has no
 * HCL row for it at all. Such a base image needs no encoding, and this one error explains it.
 * A base image with an HCL release has the blocker of its release (what it checks, and its
 * messages, depend on the release alone).
 */
export function baseBlockers(catalog: Catalog, profiles: readonly HardwareProfile[]): (baseVersion: string) => ImageError | undefined {
  // per profile, what does not depend on the base image: its devices with rules and an HCL entry
  // (one without an entry has no rule to break), looked up once for every release
  let checks: { host: Host; devices: { device: Device; entry: HclDevice }[] }[] | undefined;
  const blocker = (baseVersion: string): ImageError | undefined => {
    checks ??= profiles.map((profile) => ({
      host: profile.hosts[0]!,
      devices: profile.devices.flatMap((device) => {
        const entry = catalog.classesWithRules.has(device.class) ? catalog.hclDevice(device) : undefined;
        return entry ? [{ device, entry }] : [];
      }),
    }));
    const release = catalog.releaseOf(baseVersion);
    for (const { host, devices } of checks) {
      if (!catalog.serverCertified(host, baseVersion)) {
        return { code: 'SERVER_NOT_CERTIFIED', host: host.name, message: serverMessage(catalog, host, baseVersion) };
      }
      for (const { device, entry } of devices) {
        if (release && (entry.releases[release.name] ?? []).length > 0) continue;
        return {
          code: 'DEVICE_NOT_CERTIFIED',
          host: host.name,
          device: pciString(device),
          message: deviceMessage(catalog, host, device, entry, baseVersion),
        };
      }
    }
    return undefined;
  };
  const byRelease = new Map<string, ImageError | undefined>();
  return (baseVersion) => {
    const release = catalog.releaseOf(baseVersion)?.name;
    if (release === undefined) return blocker(baseVersion);
    if (!byRelease.has(release)) byRelease.set(release, blocker(baseVersion));
    const found = byRelease.get(release);
    return found && { ...found };
  };
}

function serverMessage(catalog: Catalog, host: Host, base: string): string {
  const release = catalog.releaseOf(base);
  return release
    ? `host ${host.name}: server ${host.vendor} ${host.model} is not certified for ${release.name}`
    : `host ${host.name}: base image ${base} belongs to no HCL release, so no server is certified for it`;
}

function deviceMessage(catalog: Catalog, host: Host, device: Device, entry: HclDevice, base: string): string {
  const release = catalog.releaseOf(base);
  const why = release
    ? `HCL lists ${describeRows(entry.releases[release.name] ?? [])}; host firmware ${device.firmware_version}`
    : 'the base image belongs to no HCL release';
  return `host ${host.name}: ${describeDevice(device, entry)} has no certified driver/firmware pair for ${release?.name ?? base}: ${why}`;
}

function describeRows(rows: readonly HclRow[]): string {
  if (rows.length === 0) return 'no driver for it';
  return rows
    .map(
      (r) =>
        `${r.driver} ${listOr(r.driver_versions, 2)}${r.firmware_versions.length ? ` with firmware ${listOr(r.firmware_versions)}` : ''}`,
    )
    .join('; or ');
}
