// `/`: every cluster with its host count, compliance, recommendation state and the newest base
// image it can use; the age of the depot and HCL. Re-reads when the event stream reports a re-solve.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { Badge, ErrorList, Notices } from '../components/messages.js';
import { getJson } from '../lib/api.js';
import { causesWords, subscribe } from '../lib/events.js';
import { ago, shortHash, when, words } from '../lib/format.js';
import { useNotices } from '../lib/notices.js';
import { clusterPath } from '../lib/router.js';
import type { Fleet, FleetCluster } from '../lib/types.js';
import { useLoad } from '../lib/use-load.js';

const STATE_HELP: Record<FleetCluster['recommendation'], string> = {
  fresh: 'computed from the current inputs',
  stale: 'the inputs changed since it was computed',
  solving: 'a re-solve is scheduled or running',
  failed: 'the last solve failed',
  pending: 'not solved yet',
};

function DataAge({ fleet }: { fleet: Fleet }) {
  const { depot, hcl } = fleet;
  return html`<section class="cards" aria-label="Data age">
    <div class="card">
      <h2>Depot</h2>
      ${
        depot
          ? html`<dl>
            <dt>Imported</dt><dd>${when(depot.imported_at)} <span class="muted">(${ago(depot.imported_at)})</span></dd>
            <dt>Hash</dt><dd><code title=${depot.content_hash}>${shortHash(depot.content_hash)}</code></dd>
            <dt>Newest base image</dt><dd>${depot.newest_base_image ?? '—'} <span class="muted">(${depot.base_images} in all)</span></dd>
          </dl>`
          : html`<p>Not imported yet. <a href="/inputs">Upload one</a>.</p>`
      }
    </div>
    <div class="card">
      <h2>HCL</h2>
      ${
        hcl
          ? html`<dl>
            <dt>Imported</dt><dd>${when(hcl.imported_at)} <span class="muted">(${ago(hcl.imported_at)})</span></dd>
            <dt>Hash</dt><dd><code title=${hcl.content_hash}>${shortHash(hcl.content_hash)}</code></dd>
            <dt>Age</dt><dd>${hcl.hcl_age_days === null ? 'unknown' : `${hcl.hcl_age_days} days`} <${Badge} value=${hcl.hcl_freshness} /></dd>
          </dl>`
          : html`<p>Not imported yet. <a href="/inputs">Upload one</a>.</p>`
      }
    </div>
  </section>`;
}

function ClusterRow({ c }: { c: FleetCluster }) {
  return html`<tr data-cluster=${c.name} data-recommendation-state=${c.recommendation}>
    <th scope="row"><a href=${clusterPath(c.name)}>${c.name}</a></th>
    <td class="num" data-label="Hosts">${c.hosts}</td>
    <td data-label="Compliance">${
      c.compliance
        ? html`<${Badge} value=${c.compliance.status} /> <span class="muted">${words(c.compliance.impact)}</span>`
        : html`<span class="muted" title=${c.compliance_error ?? ''}>unknown</span>`
    }</td>
    <td data-label="Recommendation"><${Badge} value=${c.recommendation} title=${STATE_HELP[c.recommendation]} /> <span class="muted">${ago(c.generated_at)}</span></td>
    <td data-label="Desired base image">${c.desired_base_image}</td>
    <td data-label="Newest usable base image">${c.newest_base_image ?? '—'}${c.excluded_newer ? html` <span class="muted">(${c.excluded_newer} newer excluded)</span>` : ''}</td>
  </tr>`;
}

export function FleetPage() {
  const fleet = useLoad(() => getJson<Fleet>('/api/fleet'), []);
  const { notices, add, dismiss } = useNotices();
  useEffect(() => {
    document.title = 'Fleet · Strata';
    return subscribe((e) => {
      if (e.type === 'recommendations') {
        add(`${e.cluster} re-solved${e.changed ? ': its recommendations changed' : ' (no change)'}, because of ${causesWords(e)}.`);
      } else if (e.type === 'cluster_deleted') add(`${e.cluster} was deleted.`, 'warning');
      void fleet.reload();
    });
  }, [fleet.reload]);
  const data = fleet.data;
  return html`<h1>Fleet</h1>
    <${Notices} notices=${notices} onDismiss=${dismiss} />
    <${ErrorList} title="Could not read the fleet" lines=${fleet.error} />
    ${
      data
        ? html`<${DataAge} fleet=${data} />
          <section aria-labelledby="clusters-title">
            <h2 id="clusters-title">Clusters (${data.clusters.length})</h2>
            ${
              data.clusters.length
                ? html`<div class="scroll"><table class="fleet">
                  <thead><tr><th scope="col">Cluster</th><th scope="col">Hosts</th><th scope="col">Compliance</th>
                    <th scope="col">Recommendation</th><th scope="col">Desired base image</th><th scope="col">Newest usable base image</th></tr></thead>
                  <tbody>${data.clusters.map((c) => html`<${ClusterRow} c=${c} key=${c.name} />`)}</tbody>
                </table></div>`
                : html`<p>No clusters yet. <a href="/inputs">Upload a cluster</a>.</p>`
            }
          </section>`
        : !fleet.error && html`<p class="loading">Loading…</p>`
    }`;
}
