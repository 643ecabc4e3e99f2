// Writes the committed CNF set of bench/sat/cnf/ (random 3-SAT up to 150 variables and the
// planning encodings of the small, vendor and large presets). Deterministic: same files every run.
//
//   npx tsx bench/sat/generate.ts [--out DIR]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { presetSet, RANDOM_SIZES, randomSet } from './corpus.js';

const outArg = process.argv.indexOf('--out');
const dir = outArg >= 0 ? process.argv[outArg + 1]! : fileURLToPath(new URL('./cnf/', import.meta.url));
mkdirSync(dir, { recursive: true });
const files = [...randomSet(RANDOM_SIZES.committed)];
for (const preset of ['small', 'vendor', 'large'] as const) files.push(...(await presetSet(preset)));
for (const f of files) writeFileSync(join(dir, f.name), f.text);
console.log(`${files.length} CNF files in ${dir}`);
