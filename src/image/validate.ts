// Validation of SPEC §3.2 (software) and §3.3 (hardware, per host). Errors are data with SPEC
// codes and the host, device and item they concern; nothing here throws for a bad image.
import type { Constraint, Device, Host, ImageError } from '../model/types.js';
import { appliesTo, packageFirmwareFor, pciString, supportsBase, type Catalog } from '../catalog/catalog.js';
import { satisfies, versionsEqual } from '../version/version.js';
import { compose, type EffectiveImage, type Selection } from './compose.js';
import { describeConstraint, describeDevice, describeHost, listOr } from './messages.js';

/** Is the constraint met by an effective component (other than `self`, for conflicts) or a provides entry of one? */
export function constraintMatch(catalog: Catalog, k: Constraint, image: EffectiveImage, exclude?: string): string | undefined {
  const direct = image.get(k.name);
  if (direct && k.name !== exclude && satisfies(direct.version, k.relation, k.version)) return `${k.name} ${direct.version}`;
  for (const p of catalog.providers.get(k.name) ?? []) {
    const c = p.component;
    if (c.name === exclude) continue;
    const eff = image.get(c.name);
    if (!eff || !versionsEqual(eff.version, c.version)) continue;
    if (!k.relation) return `${c.name} ${c.version} (provides ${k.name})`;
    if (p.version !== undefined && satisfies(p.version, k.relation, k.version)) {
      return `${c.name} ${c.version} (provides ${k.name} ${p.version})`;
    }
  }
  return undefined;
}

export function validateSoftware(catalog: Catalog, sel: Selection, image: EffectiveImage): ImageError[] {
  const errors: ImageError[] = [];
  for (const [name, eff] of image) {
    const c = catalog.component(name, eff.version);
    if (!c) continue; // every layer references depot components (checked at load)
    const item = `${name}@${eff.version}`;
    for (const k of c.depends) {
      if (!constraintMatch(catalog, k, image)) {
        const have = image.get(k.name);
        errors.push({
          code: 'MISSING_DEPENDENCY',
          item,
          message: `${name} ${eff.version} needs ${describeConstraint(k)}, ${
            have ? `but the image has ${k.name} ${have.version}` : 'which no component of the image has or provides'
          }`,
        });
      }
    }
    for (const k of c.conflicts) {
      const other = constraintMatch(catalog, k, image, name);
      if (other) {
        errors.push({ code: 'CONFLICT', item, message: `${name} ${eff.version} conflicts with ${other} in the image` });
      }
    }
  }
  const base = sel.base.version;
  const unsupported = (what: string, item: string, supported: readonly string[]) => {
    if (!supportsBase(supported, base)) {
      errors.push({
        code: 'UNSUPPORTED_BASE_IMAGE',
        item,
        message: `${what} supports base images ${listOr(supported)}, not ${base}`,
      });
    }
  };
  if (sel.addOn)
    unsupported(
      `add-on ${sel.addOn.name} ${sel.addOn.version}`,
      `${sel.addOn.name}@${sel.addOn.version}`,
      sel.addOn.supported_base_image_versions,
    );
  if (sel.pkg)
    unsupported(`package ${sel.pkg.pkg} ${sel.pkg.version}`, `${sel.pkg.pkg}@${sel.pkg.version}`, sel.pkg.supported_base_image_versions);
  for (const s of sel.solutions) unsupported(`solution ${s.name} ${s.version}`, `${s.name}@${s.version}`, s.supported_base_image_versions);
  return errors;
}

/** Why a device with rules is not certified, or undefined when it is. */
export function deviceCertification(
  catalog: Catalog,
  sel: Selection,
  image: EffectiveImage,
  host: Host,
  device: Device,
): ImageError | undefined {
  const id = pciString(device);
  const entry = catalog.hclDevice(device);
  if (!entry) {
    return {
      code: 'DEVICE_NOT_LISTED',
      host: host.name,
      device: id,
      message: `host ${host.name}: ${describeDevice(device)} is not in the HCL`,
    };
  }
  const release = catalog.releaseOf(sel.base.version);
  const rows = release ? (entry.releases[release.name] ?? []) : [];
  const firmware = packageFirmwareFor(sel.pkg, device) ?? device.firmware_version;
  const ok = rows.some((row) => {
    const eff = image.get(row.driver);
    return (
      eff !== undefined &&
      row.driver_versions.some((v) => versionsEqual(v, eff.version)) &&
      (row.firmware_versions.length === 0 || row.firmware_versions.some((f) => versionsEqual(f, firmware)))
    );
  });
  if (ok) return undefined;
  const where = `host ${host.name}: ${describeDevice(device, entry)}`;
  let why: string;
  if (!release) why = `base image ${sel.base.version} belongs to no HCL release`;
  else if (rows.length === 0) why = `the HCL certifies it for no driver on ${release.name}`;
  else {
    const has = rows.map((r) => image.get(r.driver)).map((e, i) => (e ? `${rows[i]!.driver} ${e.version}` : `no ${rows[i]!.driver}`));
    const needs = rows.map(
      (r) =>
        `${r.driver} ${listOr(r.driver_versions, 2)}${r.firmware_versions.length ? ` with firmware ${listOr(r.firmware_versions)}` : ''}`,
    );
    why = `image has ${[...new Set(has)].join(', ')}, firmware ${firmware}; HCL needs ${needs.join('; or ')}`;
  }
  return {
    code: 'DEVICE_NOT_CERTIFIED',
    host: host.name,
    device: id,
    message: `${where} has no certified driver/firmware pair for ${release?.name ?? sel.base.version}: ${why}`,
  };
}

export function validateHost(catalog: Catalog, sel: Selection, image: EffectiveImage, host: Host): ImageError[] {
  const errors: ImageError[] = [];
  const covered = (what: string, item: string, scope: Parameters<typeof appliesTo>[0]) => {
    if (!appliesTo(scope, host)) {
      errors.push({
        code: 'HARDWARE_NOT_COVERED',
        host: host.name,
        item,
        message: `host ${host.name}: ${what} is for ${scope!.vendor}${
          scope!.families.length ? ` ${scope!.families.join(', ')}` : ''
        } hardware, not ${describeHost(host)}`,
      });
    }
  };
  if (sel.addOn) covered(`add-on ${sel.addOn.name} ${sel.addOn.version}`, `${sel.addOn.name}@${sel.addOn.version}`, sel.addOn.hardware);
  if (sel.pkg) covered(`package ${sel.pkg.pkg} ${sel.pkg.version}`, `${sel.pkg.pkg}@${sel.pkg.version}`, sel.pkg.hardware);
  if (!catalog.serverCertified(host, sel.base.version)) {
    const release = catalog.releaseOf(sel.base.version);
    errors.push({
      code: 'SERVER_NOT_CERTIFIED',
      host: host.name,
      message: release
        ? `host ${host.name}: server ${host.vendor} ${host.model} is not certified for ${release.name}`
        : `host ${host.name}: base image ${sel.base.version} belongs to no HCL release, so no server is certified for it`,
    });
  }
  for (const device of host.devices) {
    if (!catalog.classesWithRules.has(device.class)) continue;
    const e = deviceCertification(catalog, sel, image, host, device);
    if (e) errors.push(e);
  }
  return errors;
}

export interface SelectionValidation {
  image: EffectiveImage;
  errors: ImageError[];
}

/** Composes and validates a selection on every host (SPEC §3.1–3.3). */
export function validateSelection(catalog: Catalog, sel: Selection, hosts: readonly Host[]): SelectionValidation {
  const { components, errors } = compose(sel);
  errors.push(...validateSoftware(catalog, sel, components));
  for (const host of hosts) errors.push(...validateHost(catalog, sel, components, host));
  return { image: components, errors: dedupeErrors(errors) };
}

export function errorKey(e: Pick<ImageError, 'code' | 'host' | 'device' | 'item'>): string {
  return `${e.code}|${e.host ?? ''}|${e.device ?? ''}|${e.item ?? ''}`;
}

/** One error per (code, host, device, item); messages of merged errors are joined. */
export function dedupeErrors(errors: readonly ImageError[]): ImageError[] {
  const byKey = new Map<string, ImageError>();
  for (const e of errors) {
    const k = errorKey(e);
    const prior = byKey.get(k);
    if (!prior) byKey.set(k, { ...e });
    else if (!prior.message.includes(e.message)) prior.message += `; ${e.message}`;
  }
  return [...byKey.values()];
}
