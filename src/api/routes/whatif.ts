// Batch what-if on a stored cluster: the body is a JSON Lines scenario file; the answer streams
// one JSON result per line, in input order, as each scenario is done.
import type { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { notAllowed } from '../../service/errors.js';
import type { StrataService } from '../../service/service.js';
import { splitScenarioLines } from '../../whatif/scenario.js';
import { startWhatif } from '../../whatif/session.js';
import { intQuery } from '../http.js';

export function whatifRoutes(app: Hono, service: StrataService): void {
  app.post('/api/clusters/:cluster/whatif', async (c) => {
    const { cluster } = service.getCluster(c.req.param('cluster'));
    const depot = service.depot;
    const hcl = service.hcl;
    if (!depot || !hcl) throw notAllowed('inputs.missing', 'import a depot and an HCL before asking what-if questions');
    const jobs = intQuery(c, 'jobs', 2, 1, 8);
    const lines = splitScenarioLines(await c.req.text());
    const session = await startWhatif({ depot: depot.doc, hcl: hcl.doc, cluster }, lines, { jobs, file: 'body' });
    c.header('content-type', 'application/x-ndjson');
    return stream(c, async (out) => {
      out.onAbort(() => void session.close());
      try {
        for await (const result of session.results()) await out.write(`${JSON.stringify(result)}\n`);
      } finally {
        await session.close();
      }
    });
  });
}
