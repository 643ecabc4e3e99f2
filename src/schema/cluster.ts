// A cluster (docs/cluster.md): its hosts as they are and the desired image (`SoftwareSpec`).
// References from the desired image to the depot are validation errors (NOT_IN_DEPOT), not
// input errors, so they are not part of the shape.
import * as v from 'valibot';
import { Name, PciId, Version, VersionMap, VersionRef, listOf } from './primitives.js';
import { named } from './registry.js';

/** A real device has exact PCI ids: "*" only makes sense in HCL and firmware rules. */
export const DeviceSchema = named(
  v.pipe(
    v.object({
      id: Name,
      vid: PciId,
      did: PciId,
      svid: PciId,
      ssid: PciId,
      class: Name,
      firmware_version: Version,
    }),
    v.description('a PCI device of a host, with its firmware version (docs/cluster.md)'),
  ),
  'a device object',
);

export const InstalledImageSchema = v.pipe(
  v.object({ base_image: VersionRef, components: v.optional(VersionMap, () => ({})) }),
  v.description('the image installed on the host (docs/cluster.md)'),
);

export const HostSchema = named(
  v.pipe(
    v.object({
      name: Name,
      vendor: Name,
      model: Name,
      family: Name,
      devices: listOf(DeviceSchema),
      installed: v.optional(InstalledImageSchema),
    }),
    v.description('a host: server model, devices and installed image (docs/cluster.md)'),
  ),
  'a host object',
);

export const AddOnRefSchema = v.object({ name: Name, version: Version });
export const PackageRefSchema = named(v.object({ pkg: Name, version: Version }), 'a package object ({"pkg", "version"})');

export const HardwareSupportSpecSchema = v.pipe(
  v.object({
    packages: named(
      v.pipe(
        v.record(Name, PackageRefSchema),
        v.check(
          (p) => Object.keys(p).length <= 1,
          (i) => `at most one hardware support package can be chosen, found ${Object.keys(i.input as object).length}`,
        ),
        v.description('hardware support manager → package; at most one entry'),
      ),
      'an object mapping managers to packages',
    ),
  }),
  v.description('the hardware support package chosen (docs/cluster.md)'),
);

export const SoftwareSpecSchema = named(
  v.pipe(
    v.object({
      base_image: v.optional(VersionRef),
      add_on: v.optional(AddOnRefSchema),
      hardware_support: v.optional(HardwareSupportSpecSchema),
      solutions: v.optional(
        named(
          v.record(Name, named(v.object({ version: v.optional(v.nullable(Version)) }), 'a solution object ({"version"?})')),
          'an object mapping solution names to {"version"}',
        ),
      ),
      components: v.optional(
        named(
          v.pipe(v.record(Name, v.nullable(Version)), v.description('component name → version (null: pick one)')),
          'an object mapping component names to versions (or null)',
        ),
      ),
      removed_components: v.optional(v.array(Name)),
    }),
    // An empty `packages` chooses nothing: it reads as no hardware support at all.
    v.transform((spec) => {
      if (spec.hardware_support && Object.keys(spec.hardware_support.packages).length === 0) delete spec.hardware_support;
      return spec;
    }),
    v.description('the desired image of a cluster (vSphere SoftwareSpec); every part is optional (docs/cluster.md)'),
  ),
  'a software spec object',
);

export const ClusterSchema = named(
  v.pipe(
    v.object({ name: Name, hosts: v.array(HostSchema), desired: SoftwareSpecSchema }),
    v.description('the cluster document (docs/cluster.md)'),
  ),
  'an object with name, hosts and desired',
);

export type Device = v.InferOutput<typeof DeviceSchema>;
export type InstalledImage = v.InferOutput<typeof InstalledImageSchema>;
export type Host = v.InferOutput<typeof HostSchema>;
export type AddOnRef = v.InferOutput<typeof AddOnRefSchema>;
export type PackageRef = v.InferOutput<typeof PackageRefSchema>;
export type HardwareSupportSpec = v.InferOutput<typeof HardwareSupportSpecSchema>;
export type SoftwareSpec = v.InferOutput<typeof SoftwareSpecSchema>;
export type Cluster = v.InferOutput<typeof ClusterSchema>;
