// Reading one PATH of `strata import depot`: an offline bundle (.zip with index.xml,
// vendor-index.xml and metadata.zip), a metadata.zip, a folder laid out like an extracted
// metadata.zip, or a JSON capture of the depot-content API. Members are sorted by the folder
// they sit in (vibs/, bulletins/, baseimages/, addons/, manifests/, solutions/) and handed over
// one at a time: nothing but the member being read is held in memory.
import { lstat, readFile, readdir } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import { readBulletin } from './bulletin.js';
import type { DepotBuilder } from './merge.js';
import { within, type ImportProblems } from './problems.js';
import { readDepotContentCapture, readReleaseUnit } from './release-units.js';
import { readVib } from './vib.js';
import { childrenNamed, parseXml, type XmlElement } from './xml.js';
import { type InflateBudget, ZipArchive, ZipRefusal } from './zip.js';

const XML_FOLDERS = new Set(['vibs', 'bulletins']);
const UNIT_FOLDERS = new Set(['baseimages', 'addons', 'manifests', 'solutions']);

export class SourceReader {
  constructor(
    private readonly builder: DepotBuilder,
    private readonly problems: ImportProblems,
    private readonly budget: InflateBudget,
  ) {}

  /** Does this member matter, and as what? By the folder it sits in and its extension. */
  private static kindOf(name: string): { folder: string; type: 'xml' | 'json' } | undefined {
    const parts = name.split('/');
    const folder = parts.length >= 2 ? parts[parts.length - 2]!.toLowerCase() : '';
    const lower = name.toLowerCase();
    if (XML_FOLDERS.has(folder) && lower.endsWith('.xml')) return { folder, type: 'xml' };
    if (UNIT_FOLDERS.has(folder) && lower.endsWith('.json')) return { folder, type: 'json' };
    return undefined;
  }

  /** One metadata member's text, handed to the reader of its kind. */
  private member(folder: string, type: 'xml' | 'json', text: string, where: string): void {
    if (type === 'json') {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        this.problems.error(where, '$', `not JSON (${(err as Error).message})`);
        return;
      }
      const unit = readReleaseUnit(folder, value, where, this.problems);
      if (unit) this.builder.addUnit(unit);
      return;
    }
    const doc = parseXml(text);
    if (!doc.ok) {
      this.problems.error(where, doc.path, doc.message);
      return;
    }
    if (folder === 'vibs') {
      const vib = readVib(doc.root, where, this.problems);
      if (vib) this.builder.addVib(vib);
    } else {
      const b = readBulletin(doc.root, where, this.problems);
      if (b) this.builder.addBulletin(b);
    }
  }

  async read(path: string): Promise<number> {
    let info: Awaited<ReturnType<typeof lstat>>;
    try {
      info = await lstat(path);
    } catch (err) {
      this.problems.error(path, '', `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      return 0;
    }
    if (info.isDirectory()) return this.folder(path);
    if (path.toLowerCase().endsWith('.json')) return this.capture(path, info.size);
    return this.zipFile(path);
  }

  private async capture(path: string, size: number): Promise<number> {
    if (size > this.budget.limits.maxMemberBytes) {
      this.problems.error(path, '', `is ${size} bytes, more than the ${this.budget.limits.maxMemberBytes} allowed`);
      return 0;
    }
    let value: unknown;
    try {
      value = JSON.parse(await readFile(path, 'utf8'));
    } catch (err) {
      this.problems.error(path, '$', `not JSON (${(err as Error).message})`);
      return 0;
    }
    const units = readDepotContentCapture(value, path, this.problems);
    for (const u of units) this.builder.addUnit(u);
    return units.length;
  }

  private async folder(root: string): Promise<number> {
    let count = 0;
    const walk = async (dir: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true });
      entries.sort((a, b) => (a.name < b.name ? -1 : 1));
      for (const e of entries) {
        const full = join(dir, e.name);
        if (e.isDirectory()) await walk(full);
        else if (e.isFile()) {
          // symbolic links are not followed: they could lead out of the folder
          const rel = relative(root, full).split(sep).join(posix.sep);
          const kind = SourceReader.kindOf(rel);
          if (!kind) continue;
          const { size } = await lstat(full);
          if (size > this.budget.limits.maxMemberBytes) {
            this.problems.error(full, '', `is ${size} bytes, more than the ${this.budget.limits.maxMemberBytes} allowed`);
            continue;
          }
          this.member(kind.folder, kind.type, await readFile(full, 'utf8'), full);
          count++;
        }
      }
    };
    await walk(root);
    return count;
  }

  private async zipFile(path: string): Promise<number> {
    let zip: ZipArchive;
    try {
      zip = await ZipArchive.openFile(path, path, this.budget);
    } catch (err) {
      this.problems.error(path, '', err instanceof ZipRefusal ? err.message : `cannot be read (${(err as Error).message})`);
      return 0;
    }
    try {
      return await this.archive(zip, true);
    } finally {
      zip.close();
    }
  }

  /** A bundle (metadata zips inside) or a metadata zip itself. */
  private async archive(zip: ZipArchive, outer: boolean): Promise<number> {
    for (const r of zip.refused) this.problems.error(within(zip.label, r.name), '', `member refused: ${r.reason}`);
    const metadata = outer ? await this.metadataMembers(zip) : [];
    if (metadata.length === 0) return this.metadataArchive(zip);
    let count = 0;
    for (const name of metadata) {
      const m = zip.find(name);
      const where = within(zip.label, name);
      if (!m) {
        this.problems.error(within(zip.label, 'vendor-index.xml'), '', `names ${name}, which the bundle does not hold`);
        continue;
      }
      let inner: ZipArchive;
      try {
        inner = await ZipArchive.openBuffer(await zip.read(m), where, this.budget);
      } catch (err) {
        this.problems.error(where, '', err instanceof ZipRefusal ? err.message : `cannot be read (${(err as Error).message})`);
        continue;
      }
      try {
        for (const r of inner.refused) this.problems.error(within(where, r.name), '', `member refused: ${r.reason}`);
        count += await this.metadataArchive(inner);
      } finally {
        inner.close();
      }
    }
    return count;
  }

  /** The metadata zips a bundle's vendor-index.xml names, else every member called *metadata*.zip. */
  private async metadataMembers(zip: ZipArchive): Promise<string[]> {
    const index = zip.members.find((m) => /(^|\/)vendor-index\.xml$/i.test(m.name));
    if (index) {
      try {
        const dir = index.name.includes('/') ? index.name.slice(0, index.name.lastIndexOf('/') + 1) : '';
        const urls = vendorIndexUrls((await zip.read(index)).toString('utf8'));
        // relative URLs only: a bundle's metadata lives inside the bundle
        const names = urls.filter((u) => !/^[a-z]+:/i.test(u)).map((u) => posix.normalize(dir + u.replace(/^\.\//, '')));
        if (names.length > 0) return names;
      } catch (err) {
        this.problems.warning(within(zip.label, index.name), '', `${(err as Error).message}; looking for metadata zips by name`);
      }
    }
    return zip.members.filter((m) => /(^|\/)[^/]*metadata[^/]*\.zip$/i.test(m.name)).map((m) => m.name);
  }

  private async metadataArchive(zip: ZipArchive): Promise<number> {
    let count = 0;
    for (const m of zip.members) {
      const kind = SourceReader.kindOf(m.name);
      if (!kind) continue;
      const where = within(zip.label, m.name);
      let bytes: Buffer;
      try {
        bytes = await zip.read(m);
      } catch (err) {
        this.problems.error(where, '', err instanceof ZipRefusal ? err.message : `cannot be read (${(err as Error).message})`);
        continue;
      }
      this.member(kind.folder, kind.type, bytes.toString('utf8'), where);
      count++;
    }
    return count;
  }
}

/** The metadata URLs of a vendor-index.xml (<vendorList>/<metadata>/<url>), relative to the bundle. */
export function vendorIndexUrls(text: string): string[] {
  const doc = parseXml(text);
  if (!doc.ok) return [];
  const out: string[] = [];
  const visit = (el: XmlElement): void => {
    if (el.name === 'metadata') for (const u of childrenNamed(el, 'url')) out.push(u.text);
    else for (const c of el.children) visit(c);
  };
  visit(doc.root);
  return out;
}
