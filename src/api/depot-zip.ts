// PUT /api/depot with an ESXi offline bundle or metadata.zip: the importer reads paths, so the
// body is streamed to a temporary file of its own, imported like `strata import depot` does, and
// removed whatever happens. Problems name "body" where the importer would name the file.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Context } from 'hono';
import { formatImportProblem, importEsxiDepot, type ImportStats } from '../import/esxi/depot.js';
import type { StrataService } from '../service/service.js';
import { ApiError, message } from './errors.js';

export interface ZipImportResult {
  content_hash: string;
  changed: boolean;
  /** every problem met, "archive!member: element: message", warnings tagged */
  problems: string[];
  stats: ImportStats;
}

export async function importZipBody(service: StrataService, c: Context): Promise<ZipImportResult> {
  const file = join(tmpdir(), `strata-depot-${process.pid}-${randomUUID()}.zip`);
  try {
    const body = c.req.raw.body;
    // 'wx': never write through a file (or link) that is already there
    const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
    if (body) await pipeline(Readable.fromWeb(body as WebReadableStream<Uint8Array>), out);
    else await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    const result = await importEsxiDepot([file]);
    const problems = result.problems.map((p) => formatImportProblem({ ...p, where: p.where.split(file).join('body') }));
    if (!result.usable) {
      const s = result.stats;
      throw new ApiError(400, 'INVALID_ARGUMENT', [
        message('depot.zip.unusable', `nothing usable was read from the body (${s.vibs} VIBs, ${s.bulletins} bulletins)`, [
          String(s.vibs),
          String(s.bulletins),
        ]),
        ...problems.map((p) => message('depot.zip.problem', p, [p])),
      ]);
    }
    // The plain JSON shape, as `strata import depot` writes it and PUT application/json takes it.
    const imported = await service.importDepot(JSON.parse(JSON.stringify(result.depot)));
    return { ...imported, problems, stats: result.stats };
  } finally {
    await rm(file, { force: true });
  }
}
