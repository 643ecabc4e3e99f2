// `/clusters/{name}/whatif`: scenarios pasted or uploaded (JSON Lines), run by the service, which
// streams one result per scenario in order: a progress bar while they come, then a table with what
// changed per recommendation, and a CSV of the same rows as `strata whatif --csv`.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { type DeviceNames, reasonWords } from '../../cli/render/words.js';
import { CSV_HEADER, csvLine, csvRow, topReason } from '../../whatif/report.js';
import { isFailure } from '../../whatif/types.js';
import { ErrorList } from '../components/messages.js';
import { NoToken, enc, errorLines, request } from '../lib/api.js';
import { loadDeviceNames } from '../lib/device-names.js';
import { clusterPath } from '../lib/router.js';
import type { ScenarioResult } from '../lib/types.js';

const SLOTS = ['latest', 'current_series', 'same_base'] as const;
const SLOT_TITLE = { latest: 'Latest', current_series: 'Current series', same_base: 'Same base' } as const;

/** The line numbers of the non-blank lines: the service answers one result per such line, in order. */
function scenarioLines(text: string): number[] {
  return text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .flatMap((l, i) => (l.trim() === '' ? [] : [i + 1]));
}

/** The scenario a "Try this repair" link carries: #scenario=<JSON>. */
function prefill(): string {
  const m = /^#scenario=(.*)$/.exec(location.hash);
  if (!m) return '';
  try {
    return JSON.stringify(JSON.parse(decodeURIComponent(m[1]!)));
  } catch {
    return '';
  }
}

interface Row {
  line: number;
  result: ScenarioResult;
}

function ResultRow({ row, names }: { row: Row; names: DeviceNames | undefined }) {
  const r = row.result;
  if (isFailure(r)) {
    return html`<tr class="bad"><td class="num">${r.line}</td><th scope="row">${r.name ?? ''}</th>
      <td colspan="5"><strong>bad scenario</strong>: <code>${r.error.path}: ${r.error.message}</code></td></tr>`;
  }
  const top = topReason(r);
  return html`<tr><td class="num">${row.line}</td><th scope="row">${r.name}</th>
    ${SLOTS.map((s) => {
      const img = r[s];
      const text = img ? img.base_image.version + (img.add_on ? ` + ${img.add_on.name} ${img.add_on.version}` : '') : '—';
      return r.changed.includes(s)
        ? html`<td class="diff"><mark>${text}</mark><span class="sr-only"> (changed)</span></td>`
        : html`<td>${text}</td>`;
    })}
    <td class="num">${r.excluded_base_images.length}</td>
    <td>${top ? reasonWords(top, names) : ''}</td></tr>`;
}

export function WhatifPage({ name }: { name: string }) {
  const [text, setText] = useState(prefill);
  const [rows, setRows] = useState<Row[]>([]);
  const [total, setTotal] = useState(0);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string[] | undefined>(undefined);
  const abort = useRef<AbortController | undefined>(undefined);
  // Devices in reasons by the HCL's names, as on the cluster page (plain ids until they come).
  const [names, setNames] = useState<DeviceNames | undefined>(undefined);
  useEffect(() => {
    loadDeviceNames(name)
      .then(setNames)
      .catch(() => undefined);
  }, [name]);
  useEffect(() => {
    document.title = `What-if · ${name} · Strata`;
    return () => abort.current?.abort();
  }, [name]);

  const upload = async (e: Event) => {
    const f = (e.target as HTMLInputElement).files?.[0];
    if (f) setText(await f.text());
  };

  const run = async (e: Event) => {
    e.preventDefault();
    const lines = scenarioLines(text);
    if (!lines.length) {
      setError(['No scenario: write one JSON object per line, e.g. {"name": "baseline", "changes": []}']);
      return;
    }
    abort.current?.abort();
    const ctrl = (abort.current = new AbortController());
    setRows([]);
    setTotal(lines.length);
    setError(undefined);
    setRunning(true);
    try {
      const res = await request(`/api/clusters/${enc(name)}/whatif`, {
        method: 'POST',
        write: true,
        body: text,
        headers: { 'content-type': 'application/x-ndjson' },
        signal: ctrl.signal,
      });
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      const got: Row[] = [];
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        const parts = buf.split('\n');
        buf = parts.pop() ?? '';
        for (const p of parts.filter((x) => x.trim())) got.push({ line: lines[got.length] ?? 0, result: JSON.parse(p) as ScenarioResult });
        setRows([...got]);
      }
    } catch (err) {
      if (!ctrl.signal.aborted) setError(err instanceof NoToken ? [err.message] : errorLines(err));
    } finally {
      setRunning(false);
    }
  };

  const download = () => {
    const csv = [csvLine(CSV_HEADER), ...rows.map((r) => csvRow(r.line, r.result))].join('\n') + '\n';
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    a.download = `whatif-${name}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };

  const bad = rows.filter((r) => isFailure(r.result)).length;
  return html`<h1>What-if: ${name}</h1>
    <p><a href=${clusterPath(name)}>Back to cluster ${name}</a> · scenario format: <a href="/docs">API reference</a> (what-if)</p>
    <form class="whatif" onSubmit=${run}>
      <label for="scenarios">Scenarios, one JSON object per line</label>
      <textarea id="scenarios" rows="8" spellcheck="false" value=${text}
        placeholder='{"name": "retire esx-05", "changes": [{"op": "remove_host", "host": "esx-05"}]}'
        onInput=${(e: Event) => setText((e.target as HTMLTextAreaElement).value)}></textarea>
      <div class="row">
        <label for="scenario-file">…or upload a .jsonl file</label>
        <input id="scenario-file" type="file" accept=".jsonl,.json,.ndjson,.txt,application/x-ndjson" onChange=${upload} />
      </div>
      <div class="actions">
        <button type="submit" class="primary" disabled=${running}>Run scenarios</button>
        ${running ? html`<button type="button" onClick=${() => abort.current?.abort()}>Stop</button>` : ''}
        <button type="button" disabled=${!rows.length || running} onClick=${download}>Download CSV</button>
      </div>
    </form>
    <${ErrorList} title="The scenarios did not run" lines=${error} />
    ${
      total
        ? html`<div class="progress">
          <label for="whatif-progress">Progress</label>
          <progress id="whatif-progress" max=${total} value=${rows.length}>${rows.length} of ${total}</progress>
          <span aria-live="polite">${rows.length} of ${total} done${bad ? `, ${bad} bad` : ''}</span>
        </div>`
        : ''
    }
    ${
      rows.length
        ? html`<div class="scroll"><table class="results">
          <caption>Results: changed recommendations are <mark>marked</mark></caption>
          <thead><tr><th scope="col">Line</th><th scope="col">Scenario</th>${SLOTS.map((s) => html`<th scope="col">${SLOT_TITLE[s]}</th>`)}
            <th scope="col">Excluded</th><th scope="col">Top reason</th></tr></thead>
          <tbody>${rows.map((r) => html`<${ResultRow} row=${r} names=${names} key=${r.line} />`)}</tbody>
        </table></div>`
        : ''
    }`;
}
