// Compliance of each host with the desired image (SPEC §3.5).
//
// Readings of what the SPEC leaves open (kept here so the code and the report agree):
// - The installed image is composed like a desired one: the components of the installed base
//   image (from the depot) overridden by `installed.components`. An installed base image that is
//   not in the depot contributes no components (its version still takes part in the comparison).
// - "Equals" means: the same base image version and the same component names at equal versions
//   (SPEC §1 equality, so `1.0` equals `1.00`).
// - The desired effective image is the one `validateDesired` reports: free choices (null
//   component versions, unset solution versions) resolved to the newest value that makes the
//   image valid. The desired image is "valid on the host" when it has no error that concerns the
//   host: errors without a host (software errors, NOT_IN_DEPOT) concern every host.
// - "Would downgrade": the desired base image is older than the installed one, or a component in
//   both images is at a lower desired version. A component the desired image drops is a removal,
//   not a downgrade.
// - Impact REBOOT_REQUIRED: the base image version changes, or a component that is added,
//   removed or changes version has `reboot_required` (in its desired version, or in its
//   installed version when the depot has that one). A removed component unknown to the depot is
//   assumed to need a reboot: nothing says it does not.
// - A host with no installed image is UNAVAILABLE; its impact is REBOOT_REQUIRED, since
//   remediating it means installing a base image.
// - Cluster status: the worst host status, INCOMPATIBLE > NON_COMPLIANT > UNAVAILABLE > COMPLIANT
//   (the vSphere order); cluster impact: the largest host impact.
import type { Catalog } from '../catalog/catalog.js';
import type { Cluster, ComponentMap, Host, ImageError, ValidationReport } from '../model/types.js';
import { compareVersions, versionsEqual } from '../version/version.js';

export type ComplianceStatus = 'COMPLIANT' | 'NON_COMPLIANT' | 'INCOMPATIBLE' | 'UNAVAILABLE';
export type Impact = 'NO_IMPACT' | 'MAINTENANCE_MODE_REQUIRED' | 'REBOOT_REQUIRED';

export interface ComponentDrift {
  name: string;
  /** null: not installed */
  installed: string | null;
  /** null: not in the desired image */
  desired: string | null;
  change: 'ADDED' | 'REMOVED' | 'UPGRADED' | 'DOWNGRADED';
  reboot_required: boolean;
}

export interface HostCompliance {
  host: string;
  status: ComplianceStatus;
  impact: Impact;
  base_image: { installed: string | null; desired: string | null };
  /** components that differ between the installed and the desired image, by name */
  components: ComponentDrift[];
  /** errors of the desired image that concern this host */
  errors: ImageError[];
}

export interface ClusterCompliance {
  cluster: string;
  status: ComplianceStatus;
  impact: Impact;
  hosts: HostCompliance[];
}

/** The desired side of the comparison: base image version and effective components. */
export interface DesiredImage {
  base: string | null;
  components: ComponentMap;
  errors: readonly ImageError[];
}

const STATUS_RANK: Record<ComplianceStatus, number> = { COMPLIANT: 0, UNAVAILABLE: 1, NON_COMPLIANT: 2, INCOMPATIBLE: 3 };
const IMPACT_RANK: Record<Impact, number> = { NO_IMPACT: 0, MAINTENANCE_MODE_REQUIRED: 1, REBOOT_REQUIRED: 2 };

/** The installed image's components: base image components overridden by installed ones. */
export function installedComponents(catalog: Catalog, host: Host): ComponentMap | undefined {
  if (!host.installed) return undefined;
  const base = catalog.baseImage(host.installed.base_image.version);
  return { ...(base?.components ?? {}), ...host.installed.components };
}

function rebootFlag(catalog: Catalog, name: string, version: string | null): boolean | undefined {
  return version === null ? undefined : catalog.component(name, version)?.reboot_required;
}

export function hostCompliance(catalog: Catalog, host: Host, desired: DesiredImage): HostCompliance {
  const errors = desired.errors.filter((e) => e.host === undefined || e.host === host.name);
  const installed = installedComponents(catalog, host);
  const installedBase = host.installed?.base_image.version ?? null;
  const result: HostCompliance = {
    host: host.name,
    status: 'UNAVAILABLE',
    impact: 'REBOOT_REQUIRED',
    base_image: { installed: installedBase, desired: desired.base },
    components: [],
    errors,
  };
  if (!installed || installedBase === null) return result;

  const names = [...new Set([...Object.keys(installed), ...Object.keys(desired.components)])].sort();
  let downgrade = desired.base !== null && compareVersions(desired.base, installedBase) < 0;
  let reboot = desired.base === null || !versionsEqual(desired.base, installedBase);
  for (const name of names) {
    const have = installed[name] ?? null;
    const want = desired.components[name] ?? null;
    if (have !== null && want !== null && versionsEqual(have, want)) continue;
    let change: ComponentDrift['change'];
    if (have === null) change = 'ADDED';
    else if (want === null) change = 'REMOVED';
    else change = compareVersions(want, have) > 0 ? 'UPGRADED' : 'DOWNGRADED';
    if (change === 'DOWNGRADED') downgrade = true;
    const wantFlag = rebootFlag(catalog, name, want);
    const haveFlag = rebootFlag(catalog, name, have);
    const reboot_required = change === 'REMOVED' ? (haveFlag ?? true) : Boolean(wantFlag || haveFlag);
    if (reboot_required) reboot = true;
    result.components.push({ name, installed: have, desired: want, change, reboot_required });
  }

  const same = desired.base !== null && versionsEqual(desired.base, installedBase) && result.components.length === 0;
  if (same) {
    // Equal images: nothing to apply, whatever the validity of the image.
    result.status = 'COMPLIANT';
    result.impact = 'NO_IMPACT';
    return result;
  }
  const valid = desired.base !== null && errors.length === 0;
  result.status = valid && !downgrade ? 'NON_COMPLIANT' : 'INCOMPATIBLE';
  result.impact = reboot ? 'REBOOT_REQUIRED' : 'MAINTENANCE_MODE_REQUIRED';
  return result;
}

/** The desired side from a validation report of the cluster's desired image. */
export function desiredFromReport(cluster: Cluster, report: ValidationReport): DesiredImage {
  const components: ComponentMap = {};
  for (const [name, e] of Object.entries(report.effective_components)) components[name] = e.version;
  return { base: cluster.desired.base_image?.version ?? null, components, errors: report.errors };
}

export function clusterCompliance(catalog: Catalog, cluster: Cluster, report: ValidationReport): ClusterCompliance {
  const desired = desiredFromReport(cluster, report);
  return summarize(
    cluster.name,
    cluster.hosts.map((h) => hostCompliance(catalog, h, desired)),
  );
}

/** The cluster's status and impact: the worst of its hosts' (hosts of several image groups too). */
export function summarize(cluster: string, hosts: HostCompliance[]): ClusterCompliance {
  let status: ComplianceStatus = 'COMPLIANT';
  let impact: Impact = 'NO_IMPACT';
  for (const h of hosts) {
    if (STATUS_RANK[h.status] > STATUS_RANK[status]) status = h.status;
    if (IMPACT_RANK[h.impact] > IMPACT_RANK[impact]) impact = h.impact;
  }
  return { cluster, status, impact, hosts };
}
