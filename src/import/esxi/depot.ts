// `strata import depot`, as a function: read every PATH, pool VIBs, lift bulletins to components,
// merge release units, and hand back the depot with every problem met on the way. The depot is
// checked by the same loader `--depot` uses, so what is written can always be read back.
import { parseDepot } from '../../load/depot.js';
import { InputError } from '../../load/errors.js';
import { DepotBuilder, type ImportedDepot, type ImportStats } from './merge.js';
import { ImportProblems, type ImportProblem } from './problems.js';
import { SourceReader } from './source.js';
import { DEFAULT_ZIP_LIMITS, InflateBudget, type ZipLimits } from './zip.js';

export interface DepotImport {
  depot: ImportedDepot;
  problems: ImportProblem[];
  stats: ImportStats;
  /** false when nothing usable was read: no component and no release unit */
  usable: boolean;
}

export async function importEsxiDepot(paths: readonly string[], limits: Partial<ZipLimits> = {}): Promise<DepotImport> {
  const problems = new ImportProblems();
  const builder = new DepotBuilder(problems);
  const reader = new SourceReader(builder, problems, new InflateBudget({ ...DEFAULT_ZIP_LIMITS, ...limits }));
  for (const path of paths) await reader.read(path);
  const { depot, stats } = builder.finish();
  // a depot the loader refuses is our bug, not the user's: parseDepot throws and the CLI exits 1
  try {
    parseDepot(JSON.parse(JSON.stringify(depot)), '(imported depot)');
  } catch (err) {
    if (err instanceof InputError) throw new Error(`the imported depot does not load:\n${err.render()}`);
    throw err;
  }
  const usable = stats.components + stats.base_images + stats.add_ons + stats.hardware_support_packages + stats.solutions > 0;
  return { depot, problems: problems.list, stats, usable };
}

export { formatImportProblem } from './problems.js';
export type { ImportedComponent } from './lift.js';
export type { ImportedDepot, ImportStats } from './merge.js';
