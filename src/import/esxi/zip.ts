// A cautious zip reader over yauzl. Only the central directory is read up front; members are
// inflated one at a time, on request, into memory, each under caps: its declared size, a share of
// a budget for the whole import, and an expansion ratio (a few hundred bytes that claim to inflate
// to gigabytes are refused before any inflating, and a stream that outgrows its declared size is
// cut off). A 2 GB offline bundle is read from its file descriptor: only its metadata members are
// ever inflated. Member names that could escape a folder (absolute, drive letters, "..") are
// refused and listed, never returned.
import yauzl from 'yauzl';

export interface ZipLimits {
  /** largest member inflated into memory */
  maxMemberBytes: number;
  /** all members of one import together, nested archives included */
  maxTotalBytes: number;
  /** inflated / compressed, checked for members larger than ratioFloorBytes */
  maxRatio: number;
  ratioFloorBytes: number;
  /** members per archive */
  maxEntries: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxMemberBytes: 256 * MiB,
  maxTotalBytes: 1024 * MiB,
  maxRatio: 200,
  ratioFloorBytes: 1 * MiB,
  maxEntries: 500_000,
};

/** Bytes inflated so far by one import, shared by every archive it opens. */
export class InflateBudget {
  used = 0;
  constructor(readonly limits: ZipLimits = DEFAULT_ZIP_LIMITS) {}
}

/** A member refused or unreadable; the message says why in plain words. */
export class ZipRefusal extends Error {}

export interface ZipMember {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  entry: yauzl.Entry;
}

/** Why a member name is unsafe, or undefined when it is a plain relative path. */
export function unsafeMemberName(name: string): string | undefined {
  if (name.includes('\0')) return 'its name holds a NUL character';
  if (name.startsWith('/') || name.startsWith('\\')) return 'its name is an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'its name starts with a drive letter';
  if (name.split(/[\\/]/).includes('..')) return 'its name climbs out of the archive with ".."';
  return undefined;
}

export class ZipArchive {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    readonly label: string,
    readonly members: ZipMember[],
    /** members left out because of their names */
    readonly refused: { name: string; reason: string }[],
    private readonly budget: InflateBudget,
  ) {}

  static async openFile(path: string, label: string, budget: InflateBudget): Promise<ZipArchive> {
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(path, OPTIONS, (err, z) => (err ? reject(new ZipRefusal(`not a readable zip archive (${err.message})`)) : resolve(z))),
    );
    return ZipArchive.list(zip, label, budget);
  }

  static async openBuffer(buffer: Buffer, label: string, budget: InflateBudget): Promise<ZipArchive> {
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.fromBuffer(buffer, OPTIONS, (err, z) =>
        err ? reject(new ZipRefusal(`not a readable zip archive (${err.message})`)) : resolve(z),
      ),
    );
    return ZipArchive.list(zip, label, budget);
  }

  private static list(zip: yauzl.ZipFile, label: string, budget: InflateBudget): Promise<ZipArchive> {
    if (zip.entryCount > budget.limits.maxEntries) {
      zip.close();
      return Promise.reject(new ZipRefusal(`holds ${zip.entryCount} members, more than the ${budget.limits.maxEntries} allowed`));
    }
    return new Promise((resolve, reject) => {
      const members: ZipMember[] = [];
      const refused: { name: string; reason: string }[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        // decodeStrings: false, so names arrive as bytes and yauzl leaves judging them to us
        const name = Buffer.from(entry.fileName as unknown as Uint8Array).toString('utf8');
        const reason = unsafeMemberName(name);
        if (reason) refused.push({ name, reason });
        else if (!name.endsWith('/')) {
          members.push({ name, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize, entry });
        }
        zip.readEntry();
      });
      zip.once('end', () => resolve(new ZipArchive(zip, label, members, refused, budget)));
      zip.once('error', (err: Error) => {
        zip.close();
        reject(new ZipRefusal(`not a readable zip archive (${err.message})`));
      });
      zip.readEntry();
    });
  }

  find(name: string): ZipMember | undefined {
    return this.members.find((m) => m.name === name);
  }

  /** Inflates one member into memory, within the caps; throws ZipRefusal saying why not. */
  async read(member: ZipMember): Promise<Buffer> {
    const { limits } = this.budget;
    const size = member.uncompressedSize;
    if (size > limits.maxMemberBytes) {
      throw new ZipRefusal(`inflates to ${size} bytes, more than the ${limits.maxMemberBytes} allowed for one member`);
    }
    if (this.budget.used + size > limits.maxTotalBytes) {
      throw new ZipRefusal(`would take the import past its ${limits.maxTotalBytes} inflated bytes`);
    }
    if (size > limits.ratioFloorBytes && size > member.compressedSize * limits.maxRatio) {
      const ratio = Math.round(size / Math.max(1, member.compressedSize));
      throw new ZipRefusal(`expands ${ratio}:1 (${member.compressedSize} → ${size} bytes), more than the ${limits.maxRatio}:1 allowed`);
    }
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
      this.zip.openReadStream(member.entry, (err, s) => (err ? reject(new ZipRefusal(`cannot be read (${err.message})`)) : resolve(s))),
    );
    const chunks: Buffer[] = [];
    let got = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        got += chunk.length;
        // never trust the header alone: stop as soon as the data outgrows it
        if (got > size) throw new ZipRefusal(`inflates past its declared ${size} bytes`);
        chunks.push(chunk);
      }
    } catch (err) {
      (stream as unknown as { destroy?: () => void }).destroy?.();
      if (err instanceof ZipRefusal) throw err;
      // yauzl's own size check (validateEntrySizes) may see the overflow first
      if (/too many bytes/.test((err as Error).message)) throw new ZipRefusal(`inflates past its declared ${size} bytes`);
      throw new ZipRefusal(`cannot be inflated (${(err as Error).message})`);
    }
    this.budget.used += got;
    return Buffer.concat(chunks, got);
  }

  close(): void {
    this.zip.close();
  }
}

const OPTIONS: yauzl.Options = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true };
