// A `strata serve` child process for end-to-end tests: started on a free port, always killed.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../support/build.js';

export const TOKEN = 'e2e-token';

export interface Server {
  url: string;
  child: ChildProcess;
  output: () => string;
  get(p: string): Promise<Response>;
  put(p: string, body: unknown): Promise<Response>;
  post(p: string, body?: unknown): Promise<Response>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/** `node bin/strata.js serve` when registered in the CLI, else the same command through a launcher. */
function command(): string[] {
  const index = path.join(ROOT, 'dist/cli/commands/index.js');
  const registered = fs.existsSync(index) && fs.readFileSync(index, 'utf8').includes('serveCommand');
  return registered ? [path.join(ROOT, 'bin/strata.js'), 'serve'] : [path.join(ROOT, 'test/service/fixtures/serve.mjs')];
}

export async function startServer(dataDir: string, extra: string[] = []): Promise<Server> {
  const child = spawn(process.execPath, [...command(), '--port', '0', '--data', dataDir, '--token', TOKEN, ...extra], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000);
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exited.then(() => reject(new Error(`server exited:\n${out}`)));
  }).catch((err) => {
    child.kill('SIGKILL');
    throw err;
  });
  const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  const send = (method: string, p: string, body?: unknown) =>
    fetch(url + p, {
      method,
      headers: auth,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(20_000),
    });
  return {
    url,
    child,
    output: () => out,
    get: (p) => send('GET', p),
    put: (p, b) => send('PUT', p, b),
    post: (p, b) => send('POST', p, b),
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
  };
}
