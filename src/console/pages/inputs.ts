// `/inputs`: the depot and HCL as imported (counts, hashes, import times) and uploads of a depot
// (JSON or an ESXi offline bundle / metadata.zip), an HCL or a cluster. A bad upload shows every
// problem the server found, each naming the file and JSON path.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { Badge, ErrorList } from '../components/messages.js';
import { ApiFailure, NoToken, enc, errorLines, request } from '../lib/api.js';
import { ago, shortHash, when } from '../lib/format.js';
import { clusterPath } from '../lib/router.js';
import { useLoad } from '../lib/use-load.js';

interface Summary {
  content_hash: string;
  imported_at: string;
  counts: Record<string, number>;
  hcl_age_days?: number | null;
  hcl_freshness?: string;
}

/** A summary, or null when nothing is imported yet (the service answers 409 then). */
async function summary(path: string): Promise<Summary | null> {
  try {
    return (await (await request(`${path}?view=summary`)).json()) as Summary;
  } catch (err) {
    if (err instanceof ApiFailure && err.status === 409) return null;
    throw err;
  }
}

function SummaryCard({ title, s }: { title: string; s: Summary | null | undefined }) {
  return html`<div class="card" data-input=${title.toLowerCase()} data-content-hash=${s?.content_hash}>
    <h2>${title}</h2>
    ${
      s
        ? html`<dl>
          <dt>Imported</dt><dd>${when(s.imported_at)} <span class="muted">(${ago(s.imported_at)})</span></dd>
          <dt>Hash</dt><dd><code title=${s.content_hash}>${shortHash(s.content_hash)}</code></dd>
          ${s.hcl_freshness ? html`<dt>Age</dt><dd>${s.hcl_age_days ?? 'unknown'} days <${Badge} value=${s.hcl_freshness} /></dd>` : ''}
          ${Object.entries(s.counts).map(([k, v]) => html`<dt>${k[0]!.toUpperCase()}${k.slice(1).replace(/_/g, ' ')}</dt><dd>${v}</dd>`)}
        </dl>`
        : s === null
          ? html`<p>Not imported yet.</p>`
          : html`<p class="loading">Loading…</p>`
    }
  </div>`;
}

type Kind = 'depot' | 'hcl' | 'cluster';
const KIND_TITLE: Record<Kind, string> = { depot: 'Depot', hcl: 'HCL', cluster: 'Cluster' };
const ACCEPT: Record<Kind, string> = {
  depot: '.json,.zip,application/json,application/zip',
  hcl: '.json,application/json',
  cluster: '.json,application/json',
};

/** Where the file goes and how: a cluster by the name it carries; a zip as a bundle. */
async function send(kind: Kind, file: File): Promise<string> {
  const zip = kind === 'depot' && (/\.zip$/i.test(file.name) || /zip/.test(file.type));
  if (zip) {
    const res = await request('/api/depot', {
      method: 'PUT',
      write: true,
      body: await file.arrayBuffer(),
      headers: { 'content-type': 'application/zip' },
    });
    const b = (await res.json()) as { content_hash: string; changed: boolean; problems?: string[] };
    const skipped = b.problems?.length ? `; ${b.problems.length} problems skipped (${b.problems.slice(0, 3).join('; ')})` : '';
    return `${b.changed ? 'Imported' : 'Unchanged'}: ${shortHash(b.content_hash)}${skipped}`;
  }
  const text = await file.text();
  let path = kind === 'depot' ? '/api/depot' : '/api/hcl';
  if (kind === 'cluster') {
    let name: unknown;
    try {
      name = (JSON.parse(text) as { name?: unknown }).name;
    } catch (err) {
      throw new Error(`${file.name}: not JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (typeof name !== 'string' || !name) throw new Error(`${file.name}: $.name: a cluster needs a "name" (a string)`);
    path = `/api/clusters/${enc(name)}`;
  }
  const res = await request(path, { method: 'PUT', write: true, body: text, headers: { 'content-type': 'application/json' } });
  const b = (await res.json()) as { content_hash?: string; changed?: boolean; name?: string; created?: boolean };
  if (kind === 'cluster') return `${b.created ? 'Created' : 'Replaced'} cluster ${b.name}.`;
  return `${b.changed ? 'Imported' : 'Unchanged'}: ${shortHash(b.content_hash)}`;
}

function Upload({ kind, onDone }: { kind: Kind; onDone: () => void }) {
  const [file, setFile] = useState<File | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [ok, setOk] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string[] | undefined>(undefined);
  const id = `upload-${kind}`;
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setOk(undefined);
    setError(undefined);
    try {
      setOk(await send(kind, file));
      onDone();
    } catch (err) {
      // The server names the upload "body" (body: $.path, body!member): name the person's file instead.
      setError(err instanceof NoToken ? [err.message] : errorLines(err).map((l) => l.replace(/^body(?=[:!])/, file.name)));
    } finally {
      setBusy(false);
    }
  };
  const state = busy ? 'uploading' : error ? 'error' : ok ? 'ok' : 'idle';
  return html`<form class="upload card" onSubmit=${submit} aria-labelledby=${`${id}-title`} data-upload=${kind} data-upload-state=${state}>
    <h3 id=${`${id}-title`}>${KIND_TITLE[kind]}</h3>
    <label for=${id}>${kind === 'depot' ? 'Depot JSON, ESXi offline bundle or metadata.zip' : `${KIND_TITLE[kind]} JSON file`}</label>
    <input id=${id} type="file" accept=${ACCEPT[kind]} onChange=${(e: Event) => setFile((e.target as HTMLInputElement).files?.[0])} />
    <div class="actions"><button type="submit" class="primary" disabled=${!file || busy}>${busy ? 'Uploading…' : `Upload ${kind === 'hcl' ? 'HCL' : kind}`}</button></div>
    ${ok ? html`<p class="ok" role="status">${ok}</p>` : ''}
    <${ErrorList} title=${`${file?.name ?? 'The file'} was not imported`} lines=${error} />
  </form>`;
}

export function InputsPage() {
  const data = useLoad(async () => {
    const [depot, hcl, clusters] = await Promise.all([
      summary('/api/depot'),
      summary('/api/hcl'),
      (await request('/api/clusters')).json() as Promise<{ name: string }[]>,
    ]);
    return { depot, hcl, clusters };
  }, []);
  useEffect(() => {
    document.title = 'Inputs · Strata';
  }, []);
  const d = data.data;
  return html`<h1>Inputs</h1>
    <${ErrorList} title="Could not read the inputs" lines=${data.error} />
    <section class="cards" aria-label="Imported inputs">
      <${SummaryCard} title="Depot" s=${d?.depot} />
      <${SummaryCard} title="HCL" s=${d?.hcl} />
      <div class="card">
        <h2>Clusters</h2>
        ${d ? (d.clusters.length ? html`<ul class="plain">${d.clusters.map((c) => html`<li><a href=${clusterPath(c.name)}>${c.name}</a></li>`)}</ul>` : html`<p>None yet.</p>`) : ''}
      </div>
    </section>
    <section aria-labelledby="upload-title">
      <h2 id="upload-title">Upload</h2>
      <p class="muted">Uploads need the API token. The formats are described in the repository's docs/ (depot.md, hcl.md, cluster.md).</p>
      <div class="cards">
        <${Upload} kind="depot" onDone=${data.reload} />
        <${Upload} kind="hcl" onDone=${data.reload} />
        <${Upload} kind="cluster" onDone=${data.reload} />
      </div>
    </section>`;
}
