// Batch what-if on a stored cluster: the body is a JSON Lines scenario file; the answer streams
// one JSON result per line, in input order, as each scenario is done. Mounted at
// /api/clusters/:cluster/whatif.
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import type { StrataService } from '../../service/service.js';
import { splitScenarioLines } from '../../whatif/scenario.js';
import { startWhatif } from '../../whatif/session.js';
import { MAX_ALTERNATIVES } from '../../schema/cluster.js';
import { clusterParam, intQuery, readJsonLines } from '../http.js';
import type { Guards } from '../middleware.js';

export function whatifRoutes(service: StrataService, g: Guards): Hono {
  const app = new Hono();
  // Changes nothing stored, but runs many solves: it takes the token like a write.
  app.post('/', g.write, async (c) => {
    // ?group=N: the scenarios run on image group N (its hosts, its image); 0, the default, without it
    const group = intQuery(c, 'group', 0, 0, MAX_ALTERNATIVES);
    const cluster = service.groupCluster(clusterParam(c), group);
    const depot = service.requireDepot();
    const hcl = service.requireHcl();
    const jobs = intQuery(c, 'jobs', 2, 1, 8);
    const lines = splitScenarioLines(await readJsonLines(c));
    const session = await startWhatif({ depot: depot.doc, hcl: hcl.doc, cluster }, lines, { jobs, file: 'body' });
    c.header('content-type', 'application/x-ndjson');
    return stream(c, async (out) => {
      out.onAbort(() => void session.close());
      try {
        for await (const answer of session.results()) await out.write(`${answer.text}\n`);
      } finally {
        await session.close();
      }
    });
  });
  return app;
}
