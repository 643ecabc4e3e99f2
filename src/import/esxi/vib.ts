// A VIB descriptor (<vib> in a depot's vibs/*.xml, or a VIB's descriptor.xml) read into a record.
// A VIB with an unusable element — a missing name, an unparsable version, an unknown relation —
// is rejected whole, with a problem naming that element: dropping only the bad constraint would
// silently make images look valid that are not.
import { RELATIONS, type Constraint, type PciId, type Provide, type Relation } from '../../model/types.js';
import { parseVersion } from '../../version/version.js';
import type { ImportProblems } from './problems.js';
import { child, childText, childrenNamed, type XmlElement } from './xml.js';

export interface Vib {
  /** {vendor}_{type}_{name}_{version}, as bulletins list them */
  id: string;
  name: string;
  version: string;
  vendor: string;
  type: string;
  depends: Constraint[];
  conflicts: Constraint[];
  replaces: Constraint[];
  provides: Provide[];
  /** from software-tags "PCIID vvvvdddd[ssssssss]" */
  pci_ids: PciId[];
  acceptance_level?: string;
  maintenance_mode: boolean;
  live_install_allowed: boolean;
  /** where the descriptor was read */
  where: string;
}

export function vibId(vendor: string, type: string, name: string, version: string): string {
  return `${vendor}_${type}_${name}_${version}`;
}

const PCI_TAG = /^PCIID\s+([0-9a-fA-F]{4})([0-9a-fA-F]{4})(?:([0-9a-fA-F]{4})([0-9a-fA-F]{4}))?$/;

/** A software tag naming a PCI device this VIB drives; subsystem "*" when the tag has none. */
export function pciFromTag(tag: string): PciId | undefined {
  const m = PCI_TAG.exec(tag.trim());
  if (!m) return undefined;
  const [, vid, did, svid, ssid] = m;
  return { vid: vid!.toLowerCase(), did: did!.toLowerCase(), svid: svid?.toLowerCase() ?? '*', ssid: ssid?.toLowerCase() ?? '*' };
}

function flag(el: XmlElement | undefined): boolean {
  return el !== undefined && el.text.toLowerCase() === 'true';
}

/** <maintenance-mode>true</maintenance-mode>, or fine-tuned with on-install / on-remove attributes. */
function maintenanceMode(el: XmlElement | undefined): boolean {
  if (!el) return false;
  return flag(el) || Object.values(el.attrs).some((v) => v.toLowerCase() === 'true');
}

class VibReader {
  ok = true;
  constructor(
    private readonly where: string,
    private readonly problems: ImportProblems,
  ) {}

  fail(path: string, message: string): void {
    this.ok = false;
    this.problems.error(this.where, path, message);
  }

  required(el: XmlElement, name: string): string {
    const v = childText(el, name);
    if (v === undefined) this.fail(`${el.path}/${name}`, `missing <${name}>`);
    return v ?? '';
  }

  version(path: string, v: string, what: string): void {
    if (parseVersion(v) === null) this.fail(path, `${what} ${JSON.stringify(v)} is not a version`);
  }

  constraint(el: XmlElement): Constraint | undefined {
    const name = el.attrs.name;
    if (!name) {
      this.fail(el.path, 'constraint has no name attribute');
      return undefined;
    }
    const relation = el.attrs.relation;
    const version = el.attrs.version;
    const out: Constraint = { name };
    if (relation !== undefined && relation !== '') {
      if (!(RELATIONS as readonly string[]).includes(relation)) {
        this.fail(el.path, `relation ${JSON.stringify(relation)} is not one of ${RELATIONS.join(' ')}`);
        return undefined;
      }
      if (version === undefined || version === '') {
        this.fail(el.path, `relation "${relation}" needs a version to compare with`);
        return undefined;
      }
      out.relation = relation as Relation;
    }
    if (version !== undefined && version !== '') {
      this.version(el.path, version, 'constraint version');
      out.version = version;
    }
    return out;
  }

  constraints(rel: XmlElement | undefined, kind: string): Constraint[] {
    const out: Constraint[] = [];
    for (const group of childrenNamed(rel, kind)) {
      for (const c of childrenNamed(group, 'constraint')) {
        const x = this.constraint(c);
        if (x) out.push(x);
      }
    }
    return out;
  }

  provides(rel: XmlElement | undefined): Provide[] {
    const out: Provide[] = [];
    for (const group of childrenNamed(rel, 'provides')) {
      for (const p of childrenNamed(group, 'provide')) {
        const name = p.attrs.name;
        if (!name) {
          this.fail(p.path, 'provide has no name attribute');
          continue;
        }
        const version = p.attrs.version;
        if (version) {
          this.version(p.path, version, 'provided version');
          out.push({ name, version });
        } else out.push({ name });
      }
    }
    return out;
  }
}

/** Reads one <vib>; undefined (with problems reported) when it cannot be used. */
export function readVib(root: XmlElement, where: string, problems: ImportProblems): Vib | undefined {
  if (root.name !== 'vib') {
    problems.error(where, root.path, `expected a <vib> descriptor, found <${root.name}>`);
    return undefined;
  }
  const r = new VibReader(where, problems);
  const name = r.required(root, 'name');
  const version = r.required(root, 'version');
  const vendor = r.required(root, 'vendor');
  // descriptors written by hand often leave <type> out; esximage reads that as bootbank
  const type = childText(root, 'type') ?? 'bootbank';
  if (version) r.version(`${root.path}/version`, version, 'version');
  const rel = child(root, 'relationships');
  const depends = r.constraints(rel, 'depends');
  const conflicts = r.constraints(rel, 'conflicts');
  const replaces = r.constraints(rel, 'replaces');
  const provides = r.provides(rel);
  const pci_ids: PciId[] = [];
  for (const tag of childrenNamed(child(root, 'software-tags'), 'tag')) {
    const id = pciFromTag(tag.text);
    if (id) pci_ids.push(id);
    else if (/^PCIID\b/i.test(tag.text))
      problems.warning(where, tag.path, `software tag ${JSON.stringify(tag.text)} is not "PCIID vvvvdddd[ssssssss]"; ignored`);
  }
  if (!r.ok) return undefined;
  const sys = child(root, 'system-requires');
  const out: Vib = {
    id: vibId(vendor, type, name, version),
    name,
    version,
    vendor,
    type,
    depends,
    conflicts,
    replaces,
    provides,
    pci_ids,
    maintenance_mode: maintenanceMode(sys && child(sys, 'maintenance-mode')),
    live_install_allowed: flag(child(root, 'live-install-allowed')),
    where,
  };
  const acceptance = childText(root, 'acceptance-level');
  if (acceptance !== undefined) out.acceptance_level = acceptance;
  return out;
}
