// `strata serve`: the long-running service (HTTP API over the durable store and the solver pool).
import { DEFAULT_REPAIRS_BUDGET } from '../../plan/repair/budget.js';
import { repairsBudgetOf } from '../repairs-budget.js';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../../api/app.js';
import { DEFAULT_LIMITS } from '../../api/middleware.js';
import { FRESHNESS_FLAGS, freshnessLimitsFrom } from '../render/freshness.js';
import { loadExamples } from '../../service/examples.js';
import { scaleOut } from '../../service/scale-out.js';
import { StrataService } from '../../service/service.js';
import { isPostgresUrl, redactUrl } from '../../service/store/url.js';
import { apiToken, type ApiToken } from '../../service/token.js';
import { isEngineName, shutdownEngines } from '../../sat/registry.js';
import { intValue, parseArgs } from '../args.js';
import { UsageError, type Command } from '../command.js';

const help = `strata serve — the Strata service: HTTP API, durable state, change-triggered re-solving

Usage: strata serve [--port P] [--host H] [--data DIR] [--store URL [--role R]] [--token T | --rotate-token]
                    [--protect-reads]
                    [--examples DIR...] [--engine NAME] [--threads N] [--solve-timeout-ms MS]
                    [--repairs-budget N] [--max-zip-mb N] [--hcl-warn-days N] [--hcl-error-days N]

Options:
  --port P              TCP port (default 8080; 0 picks a free one)
  --host H              address to listen on (default 127.0.0.1)
  --data DIR            where the database (SQLite, the default store), the token and cache/ (a
                        snapshot of the depot and HCL for workers and the next start) live
                        (default .strata-data)
  --store URL           keep the state in PostgreSQL instead (default: $STRATA_STORE):
                        postgres://USER:PASSWORD@HOST:PORT/DB. Any number of nodes may share one
                        database; give them all the same --token. docs/scale-out.md
  --role R              with --store: what this node does. all (default): serves the API and
                        works on the re-solve queue; api: serves the API and queues re-solves
                        for the solver nodes; solver: works on the queue (its API still answers)
  --token T             bearer token for writes (default: $STRATA_TOKEN, else the one kept in
                        DIR/token, generated on first start; printed at start)
  --rotate-token        replace the token kept in DIR/token with a new one
  --protect-reads       require the token for reads too
  --examples DIR...     load example worlds at start: a directory with depot.json, hcl.json and
                        cluster.json, or a directory of such directories. The service has one
                        depot and one HCL: the first world's are imported (only when none is
                        stored yet); every world's cluster is created unless it exists.
  --engine NAME         SAT engine of the solver (minisat, z3, ...)
  --threads N           solver worker threads (default 2)
  --solve-timeout-ms MS time limit of one solve (default 60000)
  --repairs-budget N    solves the repair search of one recommendation may take (default
                        ${DEFAULT_REPAIRS_BUDGET}); docs/semantics.md
  --max-zip-mb N        largest offline bundle PUT /api/depot takes as application/zip, in MiB
                        (default 512)
  --hcl-warn-days N     the HCL is out of date (hcl_freshness WARNING) when its "updated" date
                        is more than N days ago (default 90)
  --hcl-error-days N    ... and ERROR past N days (default 180); docs/hcl.md

Console: http://HOST:PORT/ (docs/console.md). API overview: docs/api.md. Full reference: http://HOST:PORT/docs (OpenAPI: /api/openapi.json).
Stop with Ctrl-C (SIGINT) or SIGTERM: the server, the solver pool and the database are closed
cleanly.`;

/** `--examples a b c --port 1` → the directories, and the rest of the arguments. */
function takeExamples(args: string[]): { examples: string[]; rest: string[] } {
  const examples: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--examples=')) {
      examples.push(...a.slice('--examples='.length).split(',').filter(Boolean));
    } else if (a === '--examples') {
      while (i + 1 < args.length && !args[i + 1]!.startsWith('--')) examples.push(args[++i]!);
      if (examples.length === 0) throw new UsageError('--examples needs at least one directory');
    } else rest.push(a);
  }
  return { examples, rest };
}

export const serveCommand: Command = {
  name: 'serve',
  help,
  async run(argv: string[]): Promise<number> {
    const { examples, rest } = takeExamples(argv);
    const parsed = parseArgs(rest, {
      values: [
        'port',
        'host',
        'data',
        'store',
        'role',
        'token',
        'engine',
        'threads',
        'solve-timeout-ms',
        'repairs-budget',
        'max-zip-mb',
        ...FRESHNESS_FLAGS,
      ],
      booleans: ['protect-reads', 'rotate-token'],
    });
    if (parsed.positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[0])}`);
    const port = intValue(parsed, 'port', 0) ?? 8080;
    if (port > 65535) throw new UsageError('--port must be at most 65535');
    const host = parsed.values.get('host') ?? '127.0.0.1';
    const dataDir = parsed.values.get('data') ?? '.strata-data';
    const engine = parsed.values.get('engine');
    if (engine !== undefined && !isEngineName(engine)) throw new UsageError(`unknown engine ${JSON.stringify(engine)}`);
    const threads = intValue(parsed, 'threads', 1) ?? 2;
    const timeLimitMs = intValue(parsed, 'solve-timeout-ms', 1) ?? 60_000;
    const maxZipMb = intValue(parsed, 'max-zip-mb', 1);
    if (maxZipMb !== undefined && maxZipMb > 65_536) throw new UsageError('--max-zip-mb must be at most 65536');
    const limits = maxZipMb === undefined ? DEFAULT_LIMITS : { ...DEFAULT_LIMITS, zipBytes: maxZipMb * 1024 * 1024 };
    const hclFreshness = freshnessLimitsFrom(parsed);
    const repairsBudget = repairsBudgetOf(parsed);
    const given = parsed.values.get('token') ?? process.env.STRATA_TOKEN;
    if (given !== undefined && given.trim() === '') throw new UsageError('the token must not be empty');
    const rotate = parsed.booleans.has('rotate-token');
    if (rotate && given !== undefined)
      throw new UsageError('--rotate-token replaces the stored token; it cannot be combined with --token or STRATA_TOKEN');

    const store = parsed.values.get('store') ?? (process.env.STRATA_STORE || undefined);
    if (store !== undefined && !isPostgresUrl(store))
      throw new UsageError(`--store must be a postgres:// URL (got ${JSON.stringify(redactUrl(store))}); SQLite is the default, in --data`);

    const role = parsed.values.get('role') ?? 'all';
    if (role !== 'all' && role !== 'api' && role !== 'solver')
      throw new UsageError(`--role must be all, api or solver (got ${JSON.stringify(role)})`);
    if (parsed.values.has('role') && store === undefined)
      throw new UsageError('--role needs --store (several nodes share a PostgreSQL store)');

    const nodes = scaleOut({ role, solveTimeoutMs: timeLimitMs, concurrency: threads });
    let service: StrataService;
    try {
      service = await StrataService.open(
        {
          dataDir,
          threads,
          timeLimitMs,
          hclFreshness,
          ...(engine ? { engine } : {}),
          ...(repairsBudget === undefined ? {} : { repairsBudget }),
          ...(store ? { store } : {}),
        },
        nodes.prepare,
      );
    } catch (err) {
      await nodes.queue()?.stop();
      if (store === undefined) throw err;
      console.error(`strata serve: cannot open the store at ${redactUrl(store)}: ${err instanceof Error ? err.message : String(err)}`);
      return 2;
    }
    let token: ApiToken;
    try {
      token = apiToken({ dataDir, given, rotate });
      if (examples.length) {
        const loaded = await loadExamples(service, examples);
        if (loaded.worlds.length === 0) console.error(`strata serve: no example worlds found in ${examples.join(', ')}`);
        else console.log(`strata serve: example worlds ${loaded.worlds.join(', ')}; clusters ${service.clusterNames().join(', ')}`);
        for (const s of loaded.clustersSkipped) console.error(`strata serve: example cluster ${s.name} not loaded: ${s.reason}`);
      }
    } catch (err) {
      await nodes.queue()?.stop();
      await service.close();
      throw err;
    }
    const app = createApp(service, { token: token.token, protectReads: parsed.booleans.has('protect-reads'), limits });

    return new Promise<number>((resolve) => {
      let server: ServerType;
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`strata serve: ${signal}, shutting down`);
        server.close();
        // SSE streams never end on their own: close every connection.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        await nodes.queue()?.stop();
        await service.close();
        await shutdownEngines();
        resolve(0);
      };
      server = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) => {
        const shown = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        console.log(`strata serve: listening on http://${shown}:${info.port}`);
        console.log(given === undefined ? `strata serve: token ${token.token}` : 'strata serve: token set by --token / STRATA_TOKEN');
        if (token.file && token.source !== 'stored')
          console.log(`strata serve: ${token.source === 'rotated' ? 'rotated' : 'new'} token kept in ${token.file}`);
        console.log(`strata serve: console at http://${shown}:${info.port}/ (docs/console.md)`);
        if (store) console.log(`strata serve: role ${role}; re-solves go through the job queue in the store`);
        console.log(`strata serve: API reference at http://${shown}:${info.port}/docs; data in ${store ? redactUrl(store) : dataDir}`);
      });
      server.on('error', (err: NodeJS.ErrnoException) => {
        console.error(`strata serve: cannot listen on ${host}:${port}: ${err.code ?? err.message}`);
        void (nodes.queue()?.stop() ?? Promise.resolve()).then(() => service.close()).then(() => resolve(2));
      });
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
  },
};
