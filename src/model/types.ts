// Domain types: the plain records of SPEC §2 (inputs) and §4 (outputs).
// Field names follow the SPEC (vSphere Automation style, snake_case).

export type Relation = '<<' | '<=' | '=' | '>=' | '>>';
export const RELATIONS: readonly Relation[] = ['<<', '<=', '=', '>=', '>>'];

/** A `depends`/`conflicts`/solution-component constraint. No relation: any version. */
export interface Constraint {
  name: string;
  relation?: Relation;
  version?: string;
}

/** A `provides` entry; without a version it meets only constraints without a relation. */
export interface Provide {
  name: string;
  version?: string;
}

export interface Component {
  name: string;
  version: string;
  display_name?: string;
  display_version?: string;
  vendor?: string;
  release_date?: string;
  depends: Constraint[];
  conflicts: Constraint[];
  provides: Provide[];
  reboot_required: boolean;
}

/** name → version */
export type ComponentMap = Record<string, string>;

export interface BaseImage {
  version: string;
  display_version?: string;
  release_date?: string;
  components: ComponentMap;
}

/** Which hosts an add-on or package applies to; empty `families` means every family of the vendor. */
export interface HardwareScope {
  vendor: string;
  families: string[];
}

export interface AddOn {
  name: string;
  version: string;
  display_name?: string;
  vendor?: string;
  hardware?: HardwareScope;
  /** empty: supports every base image */
  supported_base_image_versions: string[];
  components: ComponentMap;
  removed_components: string[];
}

/** PCI ids are lower-case hex; svid/ssid may be "*" (any subsystem). */
export interface PciId {
  vid: string;
  did: string;
  svid: string;
  ssid: string;
}

export interface FirmwareEntry extends PciId {
  version: string;
}

export interface HardwareSupportPackage {
  manager: string;
  pkg: string;
  version: string;
  hardware?: HardwareScope;
  supported_base_image_versions: string[];
  components: ComponentMap;
  removed_components: string[];
  firmware: FirmwareEntry[];
}

export interface Solution {
  name: string;
  version: string;
  display_name?: string;
  supported_base_image_versions: string[];
  components: Constraint[];
}

export interface Depot {
  components: Component[];
  base_images: BaseImage[];
  add_ons: AddOn[];
  hardware_support_packages: HardwareSupportPackage[];
  solutions: Solution[];
}

export interface HclRelease {
  name: string;
  base_image_versions: string[];
}

export interface HclServer {
  vendor: string;
  model: string;
  releases: string[];
}

export interface HclRow {
  driver: string;
  driver_versions: string[];
  /** empty: any firmware is fine */
  firmware_versions: string[];
}

export interface HclDevice extends PciId {
  class: string;
  vendor?: string;
  model?: string;
  /** release name → rows */
  releases: Record<string, HclRow[]>;
}

export interface Hcl {
  updated?: string;
  releases: HclRelease[];
  servers: HclServer[];
  devices: HclDevice[];
}

export interface Device extends PciId {
  id: string;
  class: string;
  firmware_version: string;
}

export interface InstalledImage {
  base_image: { version: string };
  components: ComponentMap;
}

export interface Host {
  name: string;
  vendor: string;
  model: string;
  family: string;
  devices: Device[];
  installed?: InstalledImage;
}

export interface AddOnRef {
  name: string;
  version: string;
}

export interface PackageRef {
  pkg: string;
  version: string;
}

export interface HardwareSupportSpec {
  /** manager → package; at most one entry */
  packages: Record<string, PackageRef>;
}

/** The vSphere `SoftwareSpec`: the desired image of a cluster. */
export interface SoftwareSpec {
  base_image?: { version: string };
  add_on?: AddOnRef;
  hardware_support?: HardwareSupportSpec;
  /** name → version (absent or null: any version) */
  solutions?: Record<string, { version?: string | null }>;
  /** name → version (null: pick one) */
  components?: Record<string, string | null>;
  removed_components?: string[];
}

export interface Cluster {
  name: string;
  hosts: Host[];
  desired: SoftwareSpec;
}

/** A fully resolved image (SPEC §4). */
export interface Image {
  base_image: { version: string };
  add_on: AddOnRef | null;
  hardware_support: HardwareSupportSpec | null;
  solutions: Record<string, { version: string; components: { name: string; version: string }[] }>;
  components: ComponentMap;
}

export type ErrorCode =
  | 'MISSING_DEPENDENCY'
  | 'CONFLICT'
  | 'UNSUPPORTED_BASE_IMAGE'
  | 'NOT_IN_DEPOT'
  | 'DOWNGRADE'
  | 'HARDWARE_NOT_COVERED'
  | 'SERVER_NOT_CERTIFIED'
  | 'DEVICE_NOT_LISTED'
  | 'DEVICE_NOT_CERTIFIED';

export const ERROR_CODES: readonly ErrorCode[] = [
  'MISSING_DEPENDENCY',
  'CONFLICT',
  'UNSUPPORTED_BASE_IMAGE',
  'NOT_IN_DEPOT',
  'DOWNGRADE',
  'HARDWARE_NOT_COVERED',
  'SERVER_NOT_CERTIFIED',
  'DEVICE_NOT_LISTED',
  'DEVICE_NOT_CERTIFIED',
];

/** A validation error (SPEC §3.2–3.3), also the shape of a recommendation reason. */
export interface ImageError {
  code: ErrorCode;
  host?: string;
  /** reasons only: every host the reason applies to (the hosts with `host`'s hardware), `host` first */
  hosts?: string[];
  /** vid:did:svid:ssid of the host's device */
  device?: string;
  /** name@version of the item concerned */
  item?: string;
  message: string;
}

export type ComponentSource =
  | 'BASE_IMAGE'
  | 'ADD_ON'
  | 'HARDWARE_SUPPORT_PACKAGE'
  | 'SOLUTION'
  | 'USER';

export interface EffectiveComponent {
  version: string;
  source: ComponentSource;
  /** what this component replaced, when a later layer overrode an earlier one */
  overrode?: { version: string; source: ComponentSource };
}

export interface ExcludedBaseImage {
  version: string;
  reasons: ImageError[];
}

export interface Recommendations {
  latest: Image | null;
  current_series: Image | null;
  same_base: Image | null;
  excluded_base_images: ExcludedBaseImage[];
}

export interface Enumeration {
  count: number;
  combinations: Image[];
}

export interface ValidationReport {
  valid: boolean;
  effective_components: Record<string, { version: string; source: ComponentSource }>;
  errors: ImageError[];
}

/** A world: everything one question is asked against. */
export interface World {
  depot: Depot;
  hcl: Hcl;
  cluster: Cluster;
}
