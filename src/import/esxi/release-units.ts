// Release units: base images, add-ons, hardware support manifests and solutions. Two sources
// carry them, each mapped field by field (docs/import.md has the table):
//   - the JSON release-unit documents of a depot's metadata (baseimages/, addons/, manifests/,
//     solutions/), as esximage writes them: nameSpec/versionSpec, components {name: version},
//     removedComponents, supportedBaseImageVersions, hardwareSupportInfo;
//   - captures of vCenter's depot-content API: one JSON object whose keys are the GET paths
//     (/api/esx/settings/depot-content/base-images/versions/{version}, …) and whose values are the
//     response bodies (snake_case Info structures of the vSphere Automation API).
import {
  RELATIONS,
  type AddOn,
  type BaseImage,
  type ComponentMap,
  type Constraint,
  type HardwareSupportPackage,
  type Relation,
  type Solution,
} from '../../model/types.js';
import { parseVersion } from '../../version/version.js';
import { childPath } from '../../load/errors.js';
import { dateOnly } from './bulletin.js';
import type { ImportProblems } from './problems.js';

export type ReleaseUnit =
  | { kind: 'base_image'; item: BaseImage; where: string }
  | { kind: 'add_on'; item: AddOn; where: string }
  | { kind: 'package'; item: HardwareSupportPackage; where: string }
  | { kind: 'solution'; item: Solution; where: string };

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Field readers that report against one document. */
class Doc {
  ok = true;
  constructor(
    readonly where: string,
    private readonly problems: ImportProblems,
  ) {}

  fail(path: string, message: string): void {
    this.ok = false;
    this.problems.error(this.where, path, message);
  }

  reqString(obj: Json, key: string, path: string): string {
    const v = str(obj[key]);
    if (v === undefined) this.fail(childPath(path, key), `missing ${key} (a non-empty string)`);
    return v ?? '';
  }

  version(v: string, path: string): string {
    if (v !== '' && parseVersion(v) === null) this.fail(path, `${JSON.stringify(v)} is not a version`);
    return v;
  }

  obj(obj: Json, key: string, path: string): Json {
    const v = obj[key];
    if (!isObj(v)) {
      this.fail(childPath(path, key), `missing ${key} (an object)`);
      return {};
    }
    return v;
  }

  /** {name: version} as release units write it */
  componentMap(obj: Json, key: string, path: string): ComponentMap {
    const map = obj[key] ?? {};
    const out: ComponentMap = {};
    if (!isObj(map)) {
      this.fail(childPath(path, key), 'expected an object {component name: version}');
      return out;
    }
    for (const [name, v] of Object.entries(map)) {
      const p = childPath(childPath(path, key), name);
      if (typeof v !== 'string') this.fail(p, 'expected a version string');
      else out[name] = this.version(v, p);
    }
    return out;
  }

  /** [{name, version}] as the depot-content API lists them */
  componentList(obj: Json, key: string, path: string): ComponentMap {
    const list = obj[key] ?? [];
    const out: ComponentMap = {};
    if (!Array.isArray(list)) {
      this.fail(childPath(path, key), 'expected a list of {"name", "version"}');
      return out;
    }
    list.forEach((c, i) => {
      const p = childPath(childPath(path, key), i);
      if (!isObj(c)) return this.fail(p, 'expected {"name", "version"}');
      const name = this.reqString(c, 'name', p);
      const version = this.version(this.reqString(c, 'version', p), childPath(p, 'version'));
      if (name && version) out[name] = version;
    });
    return out;
  }

  strings(obj: Json, key: string, path: string, pick?: (x: Json) => unknown): string[] {
    const list = obj[key] ?? [];
    if (!Array.isArray(list)) {
      this.fail(childPath(path, key), 'expected a list');
      return [];
    }
    const out: string[] = [];
    list.forEach((x, i) => {
      const v = pick && isObj(x) ? pick(x) : x;
      if (typeof v === 'string' && v !== '') out.push(v);
      else this.fail(childPath(childPath(path, key), i), pick ? 'expected an object with a name' : 'expected a non-empty string');
    });
    return out;
  }
}

function optional<T extends object>(target: T, fields: Record<string, unknown>): T {
  for (const [k, v] of Object.entries(fields)) if (typeof v === 'string' && v !== '') (target as Json)[k] = v;
  return target;
}

/** A solution's component constraint as esximage writes one: a version, {version}, {minVersion}, or any. */
function solutionConstraint(d: Doc, name: string, v: unknown, path: string): Constraint | undefined {
  const eq = (version: string, relation: Relation = '='): Constraint => ({ name, relation, version: d.version(version, path) });
  if (v === null || v === undefined || (isObj(v) && Object.keys(v).length === 0)) return { name };
  if (typeof v === 'string') return eq(v);
  if (Array.isArray(v) && v.length === 1) return solutionConstraint(d, name, v[0], childPath(path, 0));
  if (isObj(v)) {
    if (str(v.relation) && str(v.version)) {
      if ((RELATIONS as readonly unknown[]).includes(v.relation)) return eq(v.version as string, v.relation as Relation);
      d.fail(path, `relation ${JSON.stringify(v.relation)} is not one of ${RELATIONS.join(' ')}`);
      return undefined;
    }
    if (str(v.version)) return eq(v.version as string);
    if (str(v.minVersion) && v.maxVersion === undefined) return eq(v.minVersion as string, '>=');
  }
  d.fail(path, 'a component constraint Strata can express is a version, {"version"}, {"minVersion"} or {} (any version)');
  return undefined;
}

/** One JSON release-unit document from baseimages/, addons/, manifests/ or solutions/. */
export function readReleaseUnit(folder: string, value: unknown, where: string, problems: ImportProblems): ReleaseUnit | undefined {
  const d = new Doc(where, problems);
  if (!isObj(value)) {
    problems.error(where, '$', 'expected a release-unit object');
    return undefined;
  }
  const nameSpec = isObj(value.nameSpec) ? value.nameSpec : {};
  const versionSpec = d.obj(value, 'versionSpec', '$');
  const version = d.version(d.reqString(versionSpec, 'version', '$.versionSpec'), '$.versionSpec.version');
  const common = {
    display_version: str(versionSpec.uiString),
    release_date: str(value.releaseDate) && dateOnly(value.releaseDate as string),
  };
  const supported = () => d.strings(value, 'supportedBaseImageVersions', '$');
  const removed = () => d.strings(value, 'removedComponents', '$');
  let unit: ReleaseUnit | undefined;
  switch (folder) {
    case 'baseimages': {
      const item: BaseImage = optional({ version } as BaseImage, common);
      item.components = d.componentMap(value, 'components', '$');
      unit = { kind: 'base_image', item, where };
      break;
    }
    case 'addons': {
      const name = d.reqString(nameSpec, 'name', '$.nameSpec');
      const item: AddOn = optional({ name, version } as AddOn, { display_name: str(nameSpec.uiString), vendor: str(value.vendor) });
      item.supported_base_image_versions = supported();
      item.components = d.componentMap(value, 'components', '$');
      item.removed_components = removed();
      unit = { kind: 'add_on', item, where };
      break;
    }
    case 'manifests': {
      const hsi = d.obj(value, 'hardwareSupportInfo', '$');
      const manager = isObj(hsi.manager) ? str(hsi.manager.name) : str(hsi.manager);
      const pkg = isObj(hsi.package) ? hsi.package : {};
      if (!manager) d.fail('$.hardwareSupportInfo.manager', 'missing the hardware support manager name');
      const pkgName = d.reqString(pkg, 'name', '$.hardwareSupportInfo.package');
      const pkgVersion = d.version(d.reqString(pkg, 'version', '$.hardwareSupportInfo.package'), '$.hardwareSupportInfo.package.version');
      const item: HardwareSupportPackage = {
        manager: manager ?? '',
        pkg: pkgName,
        version: pkgVersion,
        supported_base_image_versions: supported(),
        components: d.componentMap(value, 'components', '$'),
        removed_components: removed(),
        firmware: [],
      };
      unit = { kind: 'package', item, where };
      break;
    }
    case 'solutions': {
      const name = d.reqString(nameSpec, 'name', '$.nameSpec');
      const comps = value.components ?? {};
      const components: Constraint[] = [];
      if (!isObj(comps)) d.fail('$.components', 'expected an object {component name: constraint}');
      else {
        for (const [cname, v] of Object.entries(comps)) {
          const c = solutionConstraint(d, cname, v, childPath('$.components', cname));
          if (c) components.push(c);
        }
      }
      const item: Solution = optional({ name, version } as Solution, { display_name: str(nameSpec.uiString) });
      item.supported_base_image_versions = supported();
      item.components = components;
      unit = { kind: 'solution', item, where };
      break;
    }
    default:
      return undefined;
  }
  return d.ok ? unit : undefined;
}

const API = '/api/esx/settings/depot-content/';

/**
 * A capture of the depot-content API: {GET path: response body}. Summary lists (paths without
 * /versions/) say nothing of components and are skipped with a warning naming the path to fetch.
 */
export function readDepotContentCapture(value: unknown, where: string, problems: ImportProblems): ReleaseUnit[] {
  if (!isObj(value)) {
    problems.error(where, '$', `expected an object whose keys are ${API}… GET paths and whose values are their responses`);
    return [];
  }
  const out: ReleaseUnit[] = [];
  for (const [key, body] of Object.entries(value)) {
    const path = childPath('$', key);
    const rest = key.startsWith(API) ? key.slice(API.length) : undefined;
    const seg = rest?.split('/').map(decodeURIComponent);
    const versionAt = seg ? seg.lastIndexOf('versions') : -1;
    if (seg && (versionAt < 0 || versionAt !== seg.length - 2)) {
      problems.warning(where, path, `a summary list names no components; capture each ${API}…/versions/{version} instead (skipped)`);
      continue;
    }
    if (!seg || !isObj(body)) {
      problems.error(where, path, `expected a ${API}…/versions/{version} path with its JSON response object`);
      continue;
    }
    const d = new Doc(where, problems);
    const version = d.version(seg[seg.length - 1]!, path);
    const display = {
      display_version: str(body.display_version),
      release_date: str(body.release_date) && dateOnly(body.release_date as string),
    };
    const supported = (k: string) => (body[k] === undefined ? [] : d.strings(body, k, path));
    const removed = () => d.strings(body, 'removed_components', path, (x) => x.name);
    let unit: ReleaseUnit | undefined;
    if (seg[0] === 'base-images' && versionAt === 1) {
      const item: BaseImage = optional({ version } as BaseImage, display);
      item.components = d.componentList(body, 'components', path);
      unit = { kind: 'base_image', item, where };
    } else if (seg[0] === 'add-ons' && versionAt === 2) {
      const item: AddOn = optional({ name: seg[1]!, version } as AddOn, { display_name: str(body.display_name), vendor: str(body.vendor) });
      item.supported_base_image_versions = supported('supported_base_image_versions');
      item.components = d.componentList(body, 'components', path);
      item.removed_components = removed();
      unit = { kind: 'add_on', item, where };
    } else if (seg[0] === 'hardware-support') {
      const info = d.obj(body, 'hardware_support_info', path);
      const pkgSource = d.obj(info, 'pkg_source', childPath(path, 'hardware_support_info'));
      const pkgPath = childPath(childPath(path, 'hardware_support_info'), 'pkg_source');
      const item: HardwareSupportPackage = {
        manager: d.reqString(info, 'manager', childPath(path, 'hardware_support_info')),
        pkg: d.reqString(pkgSource, 'name', pkgPath),
        version: d.version(d.reqString(pkgSource, 'version', pkgPath), childPath(pkgPath, 'version')),
        supported_base_image_versions: supported('base_image_versions'),
        components: d.componentList(body, 'components', path),
        removed_components: removed(),
        firmware: [],
      };
      unit = { kind: 'package', item, where };
    } else if (seg[0] === 'solutions' && versionAt === 2) {
      const list = Array.isArray(body.components) ? body.components : [];
      const components: Constraint[] = [];
      list.forEach((c, i) => {
        const p = childPath(childPath(path, 'components'), i);
        // SolutionComponentSpec {component}: any version; {name, relation?, version?} also read
        const name = isObj(c) ? (str(c.component) ?? str(c.name)) : undefined;
        if (!name || !isObj(c)) return d.fail(p, 'expected {"component"} or {"name", "relation"?, "version"?}');
        const x = str(c.version) ? solutionConstraint(d, name, str(c.relation) ? c : { version: c.version }, p) : { name };
        if (x) components.push(x);
      });
      const item: Solution = optional({ name: seg[1]!, version } as Solution, { display_name: str(body.display_name) });
      item.supported_base_image_versions = supported(
        body.base_image_versions !== undefined ? 'base_image_versions' : 'supported_base_image_versions',
      );
      item.components = components;
      unit = { kind: 'solution', item, where };
    } else {
      problems.warning(where, path, 'not a base image, add-on, hardware support or solution version (skipped)');
      continue;
    }
    if (d.ok) out.push(unit);
  }
  return out;
}
