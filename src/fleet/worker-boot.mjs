// Worker threads do not inherit the TypeScript loader of a run from sources (tests, bench):
// register it, then load the worker. The compiled CLI runs dist/fleet/worker.js directly.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./worker.ts');
export default worker.default;
