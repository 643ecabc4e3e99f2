// The depot document (docs/depot.md): components, base images, add-ons, hardware support
// packages and solutions. Cross-references (duplicates, versions a list names but the depot lacks)
// are checked by the loader after this shape.
import * as v from 'valibot';
import { Flag, Name, PciId, PciIdOrAny, Relation, Text, Version, VersionMap, listOf } from './primitives.js';
import { named } from './registry.js';

/** A `depends` / `conflicts` / solution-component constraint; no relation: any version. */
export const ConstraintSchema = named(
  v.pipe(
    v.object({ name: Name, relation: v.optional(Relation), version: v.optional(Version) }),
    v.check(
      (c) => c.relation === undefined || c.version !== undefined,
      (issue) => `relation "${(issue.input as { relation: string }).relation}" needs a version to compare with`,
    ),
    v.description('constraint on another component: name, and optionally a relation with a version (docs/depot.md)'),
  ),
  'a constraint object ({"name", "relation"?, "version"?})',
);

/** A `provides` entry; without a version it meets only constraints without a relation. */
export const ProvideSchema = named(
  v.pipe(v.object({ name: Name, version: v.optional(Version) }), v.description('a virtual name the component provides (docs/depot.md)')),
  'a provides object ({"name", "version"?})',
);

export const ComponentSchema = named(
  v.pipe(
    v.object({
      name: Name,
      version: Version,
      display_name: v.optional(Text),
      display_version: v.optional(Text),
      vendor: v.optional(Text),
      release_date: v.optional(Text),
      depends: listOf(ConstraintSchema),
      conflicts: listOf(ConstraintSchema),
      provides: listOf(ProvideSchema),
      reboot_required: v.optional(Flag, false),
    }),
    v.description('a component: one installable version of a driver, agent or tool (docs/depot.md)'),
  ),
  'a component object',
);

export const BaseImageSchema = named(
  v.pipe(
    v.object({
      version: Version,
      display_version: v.optional(Text),
      release_date: v.optional(Text),
      components: VersionMap,
    }),
    v.description('a base image: an ESXi release and the components it ships (docs/depot.md)'),
  ),
  'a base image object',
);

/** Which hosts an add-on or package applies to; empty `families` means every family of the vendor. */
export const HardwareScopeSchema = v.pipe(
  v.object({ vendor: Name, families: listOf(Name) }),
  v.description('the hosts it applies to: a vendor, and families (none: every family) (docs/depot.md)'),
);

const supported = listOf(Version);

export const AddOnSchema = named(
  v.pipe(
    v.object({
      name: Name,
      version: Version,
      display_name: v.optional(Text),
      vendor: v.optional(Text),
      hardware: v.optional(HardwareScopeSchema),
      supported_base_image_versions: supported,
      components: VersionMap,
      removed_components: listOf(Name),
    }),
    v.description('a vendor add-on: components added to (or removed from) a base image (docs/depot.md)'),
  ),
  'an add-on object',
);

const pciFields = { vid: PciId, did: PciId, svid: PciIdOrAny, ssid: PciIdOrAny };

export const FirmwareEntrySchema = named(
  v.pipe(
    v.object({ ...pciFields, version: Version }),
    v.description('the firmware version a package installs on a device (docs/depot.md)'),
  ),
  'a firmware object ({"vid", "did", "svid", "ssid", "version"})',
);

export const HardwareSupportPackageSchema = named(
  v.pipe(
    v.object({
      manager: Name,
      pkg: Name,
      version: Version,
      hardware: v.optional(HardwareScopeSchema),
      supported_base_image_versions: supported,
      components: VersionMap,
      removed_components: listOf(Name),
      firmware: listOf(FirmwareEntrySchema),
    }),
    v.description('a hardware support package of a hardware support manager: drivers and firmware (docs/depot.md)'),
  ),
  'a hardware support package object',
);

export const SolutionSchema = named(
  v.pipe(
    v.object({
      name: Name,
      version: Version,
      display_name: v.optional(Text),
      supported_base_image_versions: supported,
      components: v.array(ConstraintSchema),
    }),
    v.description('a solution (vSAN, NSX, ...): components it needs, as constraints (docs/depot.md)'),
  ),
  'a solution object',
);

export const DepotSchema = named(
  v.pipe(
    v.object({
      components: v.array(ComponentSchema),
      base_images: v.array(BaseImageSchema),
      add_ons: listOf(AddOnSchema),
      hardware_support_packages: listOf(HardwareSupportPackageSchema),
      solutions: listOf(SolutionSchema),
    }),
    v.description('the depot document (docs/depot.md)'),
  ),
  'an object with components, base_images, add_ons, hardware_support_packages and solutions',
);

export type Constraint = v.InferOutput<typeof ConstraintSchema>;
export type Provide = v.InferOutput<typeof ProvideSchema>;
export type Component = v.InferOutput<typeof ComponentSchema>;
export type BaseImage = v.InferOutput<typeof BaseImageSchema>;
export type HardwareScope = v.InferOutput<typeof HardwareScopeSchema>;
export type AddOn = v.InferOutput<typeof AddOnSchema>;
export type FirmwareEntry = v.InferOutput<typeof FirmwareEntrySchema>;
export type HardwareSupportPackage = v.InferOutput<typeof HardwareSupportPackageSchema>;
export type Solution = v.InferOutput<typeof SolutionSchema>;
export type Depot = v.InferOutput<typeof DepotSchema>;
export type ComponentMap = v.InferOutput<typeof VersionMap>;
