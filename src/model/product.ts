// The product's version, read once from package.json: the one place it is written.
import { readFileSync } from 'node:fs';

export const STRATA_VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
