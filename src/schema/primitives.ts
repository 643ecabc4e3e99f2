// The value types every input document is made of. Each is a plain valibot schema (types and
// JSON Schema come from it) registered with the loader's own check, which gives the messages
// operators read (`expected a version string, found a number (3)`, relation hints, ...).
import * as v from 'valibot';
import { RELATIONS } from './relations.js';
import { parseVersion } from '../version/version.js';
import { leaf, named } from './registry.js';

/** A name or identifier: any non-empty string. */
export const Name = leaf(v.pipe(v.string(), v.minLength(1)), 'name', 'a string');

/** Descriptive text: any string, empty included. */
export const Text = leaf(v.string(), 'text', 'a string');

export const Flag = leaf(v.boolean(), 'boolean', 'true or false');

/** A version as docs/depot.md defines it (`8.0.3-0.35.22380479`). */
export const Version = leaf(
  v.pipe(
    v.string(),
    v.minLength(1),
    v.check((s) => parseVersion(s) !== null, 'not a valid version'),
    v.description('version: dot-separated parts, optionally "-" and a release part; printable ASCII, no spaces (docs/depot.md)'),
  ),
  'version',
  'a version string',
);

/** An exact PCI id: four lower-case hex digits. */
export const PciId = leaf(
  v.pipe(v.string(), v.regex(/^[0-9a-f]{4}$/), v.description('PCI id: 4 lower-case hex digits')),
  'pci',
  'a PCI id of 4 hex digits',
);

/** A PCI subsystem id that may be "*" (any subsystem). */
export const PciIdOrAny = leaf(
  v.pipe(v.string(), v.regex(/^([0-9a-f]{4}|\*)$/), v.description('PCI id: 4 lower-case hex digits, or "*" for any')),
  'pci*',
  'a PCI id of 4 hex digits',
);

export const Relation = leaf(
  v.pipe(v.picklist(RELATIONS), v.description('how the version compares: << (older), <=, =, >=, >> (newer)')),
  'relation',
  'a relation',
);

/** A `vid:did:svid:ssid` device id naming an HCL entry (svid and ssid may be "*"). */
export const PciRef = leaf(
  v.pipe(
    v.string(),
    v.regex(/^[0-9a-f]{4}:[0-9a-f]{4}:([0-9a-f]{4}|\*):([0-9a-f]{4}|\*)$/),
    v.description('device id "vid:did:svid:ssid" (4 lower-case hex digits each; svid and ssid may be "*")'),
  ),
  'pciref',
  'a string',
);

/** name → version (the component lists of base images, add-ons, packages, installed images). */
export const VersionMap = named(
  v.pipe(v.record(Name, Version), v.description('component name → version')),
  'an object mapping names to versions',
);

/** An optional list that reads as [] when missing (a fresh array each time). */
export const listOf = <T extends v.GenericSchema>(item: T, noun?: string) => {
  const list = v.array(item);
  if (noun) named(list, noun);
  return v.optional(list, () => []);
};

/** `{ "version": "..." }`, the way base images are referenced. */
export const VersionRef = v.object({ version: Version });
