// The hardware compatibility list (docs/hcl.md): releases, certified servers and devices. That
// every release a server or device names is defined in `releases` is checked after this shape.
import * as v from 'valibot';
import { Name, PciId, PciIdOrAny, Text, Version, listOf } from './primitives.js';
import { named } from './registry.js';

export const HclReleaseSchema = named(
  v.pipe(
    v.object({ name: Name, base_image_versions: v.array(Version) }),
    v.description('a release: its name and the base image versions (or version prefixes) it covers (docs/hcl.md)'),
  ),
  'a release object ({"name", "base_image_versions"})',
);

export const HclServerSchema = named(
  v.pipe(
    v.object({ vendor: Name, model: Name, releases: v.array(Name) }),
    v.description('a certified server model and its releases (docs/hcl.md)'),
  ),
  'a server object ({"vendor", "model", "releases"})',
);

export const HclRowSchema = named(
  v.pipe(
    v.object({ driver: Name, driver_versions: v.array(Version), firmware_versions: listOf(Version) }),
    v.description('a certified driver with its versions, and the firmware versions (none: any firmware) (docs/hcl.md)'),
  ),
  'a row object ({"driver", "driver_versions", "firmware_versions"?})',
);

export const HclDeviceSchema = named(
  v.pipe(
    v.object({
      vid: PciId,
      did: PciId,
      svid: PciIdOrAny,
      ssid: PciIdOrAny,
      class: Name,
      vendor: v.optional(Text),
      model: v.optional(Text),
      releases: named(v.record(Name, named(v.array(HclRowSchema), 'an array of rows')), 'an object mapping release names to rows'),
    }),
    v.description('a certified device (PCI ids; svid/ssid may be "*") and its rows per release (docs/hcl.md)'),
  ),
  'a device object',
);

export const HclSchema = named(
  v.pipe(
    v.object({
      updated: v.optional(Text),
      releases: v.array(HclReleaseSchema),
      servers: v.array(HclServerSchema),
      devices: v.array(HclDeviceSchema),
    }),
    v.description('the HCL document (docs/hcl.md)'),
  ),
  'an object with releases, servers and devices',
);

export type HclRelease = v.InferOutput<typeof HclReleaseSchema>;
export type HclServer = v.InferOutput<typeof HclServerSchema>;
export type HclRow = v.InferOutput<typeof HclRowSchema>;
export type HclDevice = v.InferOutput<typeof HclDeviceSchema>;
export type Hcl = v.InferOutput<typeof HclSchema>;
