// Domain types: the plain records of the inputs (docs/depot.md, docs/hcl.md, docs/cluster.md)
// and the answers (docs/output.md). Each is derived from its schema in src/schema/, the one
// description of the shape that the loader's checks and the API's OpenAPI document also use.
export { RELATIONS, type Relation } from '../schema/relations.js';
export type {
  AddOn,
  BaseImage,
  Component,
  ComponentMap,
  Constraint,
  Depot,
  FirmwareEntry,
  HardwareScope,
  HardwareSupportPackage,
  Provide,
  Solution,
} from '../schema/depot.js';
export type { Hcl, HclDevice, HclRelease, HclRow, HclServer } from '../schema/hcl.js';
export type {
  AddOnRef,
  Alternative,
  ClassSelector,
  Cluster,
  Device,
  HardwareSupportSpec,
  Host,
  ImageSpec,
  InstalledImage,
  PackageRef,
  SoftwareSpec,
} from '../schema/cluster.js';
export { ERROR_CODES } from '../schema/output.js';
export type {
  ComponentSource,
  EffectiveComponent,
  Enumeration,
  ErrorCode,
  ExcludedBaseImage,
  Groups,
  HardwareClass,
  Image,
  ImageError,
  ImageGroup,
  Recommendations,
  Repair,
  UncoveredClasses,
  ValidationReport,
} from '../schema/output.js';

import type { Depot } from '../schema/depot.js';
import type { Hcl } from '../schema/hcl.js';
import type { Cluster } from '../schema/cluster.js';

/** PCI ids are lower-case hex; svid/ssid may be "*" (any subsystem). */
export interface PciId {
  vid: string;
  did: string;
  svid: string;
  ssid: string;
}

/** A world: everything one question is asked against. */
export interface World {
  depot: Depot;
  hcl: Hcl;
  cluster: Cluster;
}
