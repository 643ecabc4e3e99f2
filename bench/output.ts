// Where a bench run writes its JSON: bench/out/ (ignored by git) unless --save is given, which
// writes bench/results/ (committed), so running a bench leaves the tree clean.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function writeResult(name: string, result: unknown, argv: readonly string[] = process.argv): string {
  const dir = new URL(argv.includes('--save') ? './results/' : './out/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const out = new URL(`${name}.json`, dir);
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  return fileURLToPath(out);
}
