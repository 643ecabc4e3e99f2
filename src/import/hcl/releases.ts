// ESXi release names as the vSAN HCL writes them ("ESXi 8.0 U2") → base image version prefixes
// ("8.0.2"). Base images exist from 7.0 on; each update raises the third number. Names the
// table does not know (6.x, patch releases such as "ESXi 7.0 U3c") are left out of the imported
// HCL unless `--releases FILE` maps them: {"ESXi 7.0 U3c": ["7.0.3-0.35"], "ESXi 6.7 U3": []}
// (an empty list drops a release on purpose).
import { collecting, expected, isObject, versionValue } from '../../load/check.js';
import { childPath } from '../../load/errors.js';
import { readJsonFile } from '../../load/json.js';

export type ReleaseTable = Record<string, string[]>;

export const DEFAULT_RELEASES: Readonly<ReleaseTable> = {
  'ESXi 7.0': ['7.0.0'],
  'ESXi 7.0 U1': ['7.0.1'],
  'ESXi 7.0 U2': ['7.0.2'],
  'ESXi 7.0 U3': ['7.0.3'],
  'ESXi 8.0': ['8.0.0'],
  'ESXi 8.0 U1': ['8.0.1'],
  'ESXi 8.0 U2': ['8.0.2'],
  'ESXi 8.0 U3': ['8.0.3'],
  'ESXi 9.0': ['9.0.0'],
  'ESXi 9.0 U1': ['9.0.1'],
};

/** Reads a `--releases` file: an object mapping release names to lists of version prefixes. */
export function loadReleaseTable(file: string): ReleaseTable {
  const value = readJsonFile(file);
  return collecting(file, (c) => {
    const out: ReleaseTable = {};
    if (!isObject(value)) {
      expected(c, '$', 'an object mapping release names to lists of base image version prefixes', value);
      return out;
    }
    for (const [name, list] of Object.entries(value)) {
      const p = childPath('$', name);
      if (!Array.isArray(list)) {
        expected(c, p, 'a list of base image version prefixes such as ["8.0.2"]', list);
        continue;
      }
      const prefixes = list.map((v, i) => versionValue(c, v, childPath(p, i)));
      out[name] = prefixes.filter((v): v is string => v !== undefined);
    }
    return out;
  });
}
