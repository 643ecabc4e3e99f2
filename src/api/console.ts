// The web console: static files built by esbuild into dist/console (npm run build). Every page
// path answers index.html (the console routes on the client, so deep links work); /assets/* are
// the bundle. The folder is found from this module's own place, not the working directory: from
// src/api (tests) and dist/api (the package) alike it is <package>/dist/console.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Hono } from 'hono';

const ROOT = fileURLToPath(new URL('../../dist/console/', import.meta.url));

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/** The client-side routes; anything else outside /api gets index.html with 404 (the console's not-found page). */
export const CONSOLE_PAGES = ['/', '/inputs', '/clusters/:name', '/clusters/:name/whatif'] as const;

const NOT_BUILT =
  '<!doctype html><meta charset="utf-8"><title>Strata</title><p>The console is not built in this copy: run ' +
  '<code>npm run build</code>. The API reference is at <a href="/docs">/docs</a>.</p>';

function readFile(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** index.html, read once (the files do not change while the server runs). */
let indexCache: string | undefined;
function indexHtml(): string {
  indexCache ??= readFile(path.join(ROOT, 'index.html'))?.toString('utf8') ?? NOT_BUILT;
  return indexCache;
}

export function consolePage(c: Context, status: 200 | 404 = 200): Response {
  c.header('cache-control', 'no-cache');
  return c.html(indexHtml(), status);
}

export function mountConsole(app: Hono): void {
  for (const p of CONSOLE_PAGES) app.get(p, (c) => consolePage(c));
  app.get('/assets/*', (c) => {
    const rel = c.req.path.slice('/assets/'.length);
    // Only plain file names under assets/: no way out of the folder.
    if (!/^[\w.-]+$/.test(rel) || rel.startsWith('.')) return consolePage(c, 404);
    const body = readFile(path.join(ROOT, 'assets', rel));
    if (!body) return consolePage(c, 404);
    c.header('content-type', TYPES[path.extname(rel)] ?? 'application/octet-stream');
    c.header('cache-control', 'no-cache');
    return c.body(new Uint8Array(body));
  });
}
