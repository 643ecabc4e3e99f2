// A bulletin (bulletins/*.xml): the component record of an ESXi depot. Its identity is
// componentNameSpec/@name and componentVersionSpec/@version — never <id>, which is only a label
// (and differs from name_version in real depots). Bulletins without those two elements are the
// pre-7.0 patch bulletins: not components, left out with a warning.
import { parseVersion } from '../../version/version.js';
import type { ImportProblems } from './problems.js';
import { child, childText, childrenNamed, type XmlElement } from './xml.js';

export interface Bulletin {
  id?: string;
  name: string;
  version: string;
  display_name?: string;
  display_version?: string;
  vendor?: string;
  release_date?: string;
  vib_ids: string[];
  where: string;
}

/** "2023-06-01T00:00:00+00:00" → "2023-06-01"; other spellings are kept as written. */
export function dateOnly(s: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ]|$)/.exec(s);
  return m ? m[1]! : s;
}

function uiString(el: XmlElement): string | undefined {
  const v = el.attrs.uistring ?? el.attrs.uiString;
  return v ? v : undefined;
}

export function readBulletin(root: XmlElement, where: string, problems: ImportProblems): Bulletin | undefined {
  if (root.name !== 'bulletin') {
    problems.error(where, root.path, `expected a <bulletin>, found <${root.name}>`);
    return undefined;
  }
  const nameSpec = child(root, 'componentNameSpec');
  const versionSpec = child(root, 'componentVersionSpec');
  const id = childText(root, 'id');
  if (!nameSpec || !versionSpec) {
    problems.warning(
      where,
      root.path,
      `bulletin ${id ?? '(no id)'} has no componentNameSpec/componentVersionSpec (a pre-7.0 bulletin, not a component); left out`,
    );
    return undefined;
  }
  const name = nameSpec.attrs.name;
  const version = versionSpec.attrs.version;
  let ok = true;
  if (!name) {
    problems.error(where, nameSpec.path, 'componentNameSpec has no name attribute');
    ok = false;
  }
  if (!version) {
    problems.error(where, versionSpec.path, 'componentVersionSpec has no version attribute');
    ok = false;
  } else if (parseVersion(version) === null) {
    problems.error(where, versionSpec.path, `component version ${JSON.stringify(version)} is not a version`);
    ok = false;
  }
  const vibList = child(root, 'vibList');
  const vib_ids = childrenNamed(vibList, 'vibID')
    .map((v) => v.text)
    .filter((t) => t !== '');
  if (vib_ids.length === 0) {
    problems.error(where, vibList?.path ?? `${root.path}/vibList`, `component ${name}@${version} lists no VIBs`);
    ok = false;
  }
  if (!ok) return undefined;
  const out: Bulletin = { name: name!, version: version!, vib_ids, where };
  if (id !== undefined) out.id = id;
  const displayName = uiString(nameSpec);
  if (displayName !== undefined) out.display_name = displayName;
  const displayVersion = uiString(versionSpec);
  if (displayVersion !== undefined) out.display_version = displayVersion;
  const vendor = childText(root, 'vendor');
  if (vendor !== undefined) out.vendor = vendor;
  const date = childText(root, 'releaseDate');
  if (date !== undefined) out.release_date = dateOnly(date);
  return out;
}
