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

const specEntries = {
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
};

// An empty `packages` chooses nothing: it reads as no hardware support at all.
const dropEmptyPackages = <T extends { hardware_support?: { packages: Record<string, unknown> } | undefined }>(spec: T): T => {
  if (spec.hardware_support && Object.keys(spec.hardware_support.packages).length === 0) delete spec.hardware_support;
  return spec;
};

/** One image of a cluster: the SoftwareSpec of the default image or of an alternative. */
export const ImageSpecSchema = named(
  v.pipe(
    v.object(specEntries),
    v.transform(dropEmptyPackages),
    v.description('one image definition of a cluster (vSphere SoftwareSpec); every part is optional (docs/cluster.md)'),
  ),
  'a software spec object',
);

/** A hardware class (vendor and model) an alternative image is assigned to. */
export const ClassSelectorSchema = named(v.object({ vendor: Name, model: Name }), 'a class object ({"vendor", "model"})');

/** Alternatives a cluster may hold beside its default image (vSphere allows four images in all). */
export const MAX_ALTERNATIVES = 3;

export const AlternativeSchema = named(
  v.pipe(
    v.object({
      classes: named(
        v.pipe(
          v.array(ClassSelectorSchema),
          v.check((a) => a.length > 0, 'an alternative image needs at least one class'),
        ),
        'a list of class objects',
      ),
      image: ImageSpecSchema,
    }),
    v.description('an alternative image and the hardware classes (vendor, model) it is for (docs/cluster.md)'),
  ),
  'an alternative object ({"classes", "image"})',
);

export const SoftwareSpecSchema = named(
  v.pipe(
    v.object({
      ...specEntries,
      alternatives: v.optional(
        named(
          v.pipe(
            v.array(AlternativeSchema),
            v.check(
              (a) => a.length <= MAX_ALTERNATIVES,
              (i) => `at most ${MAX_ALTERNATIVES} alternative images (four images in all), found ${(i.input as unknown[]).length}`,
            ),
            v.description('alternative images by hardware class; hosts of no listed class use the default image'),
          ),
          'a list of alternative objects',
        ),
      ),
    }),
    v.transform(dropEmptyPackages),
    v.description(
      'the desired state of a cluster: the default image (vSphere SoftwareSpec; every part is optional) and any alternative images by hardware class (docs/cluster.md)',
    ),
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
export type ImageSpec = v.InferOutput<typeof ImageSpecSchema>;
export type ClassSelector = v.InferOutput<typeof ClassSelectorSchema>;
export type Alternative = v.InferOutput<typeof AlternativeSchema>;
export type Cluster = v.InferOutput<typeof ClusterSchema>;
