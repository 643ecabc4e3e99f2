// Links bin/strata as node_modules/.bin/strata (run by `npm ci`, after the build). npm links the
// bins of a project's dependencies there, not the project's own: without the link, the first
// `npx strata` in a fresh clone has npm install this folder into its cache, which runs the whole
// build again (13 s) and rewrites dist/ under any strata already running.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../node_modules/.bin/', import.meta.url));
const link = path.join(bin, 'strata');
fs.mkdirSync(bin, { recursive: true });
fs.rmSync(link, { force: true });
fs.symlinkSync('../../bin/strata', link);
