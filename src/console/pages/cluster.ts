// `/clusters/{name}`: the desired image and the three recommendations side by side (differences
// marked), accept buttons (If-Match on the desired image's revision), every excluded base image
// with its reasons and repair plan in words, and compliance per host. Live: re-reads on each
// re-solve of this cluster and says what changed and why.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { hostList, reasonWords, repairWords, type DeviceNames } from '../../cli/render/words.js';
import { Badge, ErrorList, Notices } from '../components/messages.js';
import { ApiFailure, NoToken, enc, errorLines, getJson, request } from '../lib/api.js';
import { loadDeviceNames } from '../lib/device-names.js';
import { causesWords, subscribe } from '../lib/events.js';
import { ago, when, words } from '../lib/format.js';
import { useNotices } from '../lib/notices.js';
import { clusterPath } from '../lib/router.js';
import type { Cluster, ClusterCompliance, ExcludedBaseImage, Image, RecommendationView } from '../lib/types.js';
import { DesiredGroups, GroupsAnswer } from './cluster-groups.js';
import { useLoad } from '../lib/use-load.js';

import { Recommendations, SLOT_TITLE, type Slot } from '../components/recommendations.js';

interface ClusterData {
  cluster: Cluster;
  revision: string;
  rec: RecommendationView;
  names: DeviceNames;
}

/** The cluster exists, but nothing can be recommended yet (no depot or HCL imported): why. */
interface Unsolvable {
  cluster: Cluster;
  why: string[];
}

/** A 409 (inputs missing) is a state of the service, not a failure to read the cluster. */
const unlessMissingInputs = <T>(p: Promise<T>) =>
  p.catch((err: unknown) => {
    if (err instanceof ApiFailure && err.status === 409) return err;
    throw err;
  });

async function loadCluster(name: string): Promise<ClusterData | Unsolvable> {
  const base = `/api/clusters/${enc(name)}`;
  const [res, rec, names] = await Promise.all([
    request(base),
    unlessMissingInputs(getJson<RecommendationView>(`${base}/software/recommendations?wait=0`)),
    unlessMissingInputs(loadDeviceNames(name)),
  ]);
  const cluster = (await res.json()) as Cluster;
  if (rec instanceof ApiFailure || names instanceof ApiFailure) {
    return { cluster, why: (rec instanceof ApiFailure ? rec : (names as ApiFailure)).messages };
  }
  return { cluster, revision: res.headers.get('etag') ?? '', rec, names };
}

function scenarioHash(name: string, changes: unknown[]): string {
  return `#scenario=${enc(JSON.stringify({ name, changes }))}`;
}

function Excluded({ data, e }: { data: ClusterData; e: ExcludedBaseImage }) {
  const size = data.cluster.hosts.length;
  const summary = (img: Image) =>
    [img.base_image.version, img.add_on ? `${img.add_on.name} ${img.add_on.version}` : ''].filter(Boolean).join(' + ');
  return html`<article class="excluded" data-excluded-base=${e.version} aria-labelledby=${`excluded-${e.version}`}>
    <h3 id=${`excluded-${e.version}`}>Base image ${e.version}</h3>
    <h4>Why it cannot be used</h4>
    <ul class="reasons">
      ${e.reasons.map((r) => {
        const hosts = r.hosts ?? (r.host ? [r.host] : []);
        return html`<li class="reason" data-reason-code=${r.code} data-host=${r.host} data-device=${r.device} data-item=${r.item}>
          <${Badge} value=${r.code} /> ${reasonWords(r, data.names)}${hosts.length ? html` <span class="hosts">on ${hostList(hosts, size)}</span>` : ''}
          <div class="detail">${r.message}</div>
        </li>`;
      })}
    </ul>
    ${
      e.repairs?.length
        ? e.repairs.map(
            (p, i) => html`<div class="repair">
            <h4>Repair plan${e.repairs!.length > 1 ? ` ${i + 1}` : ''}</h4>
            <ol>${repairWords(p, data.cluster, data.names).map((l) => html`<li>${l}</li>`)}</ol>
            <p>Then the best image is ${summary(p.image)}.${' '}<a href=${`${clusterPath(data.cluster.name)}/whatif${scenarioHash(`repair ${e.version}`, p.changes)}`}>Try this repair</a></p>
          </div>`,
          )
        : e.no_repair
          ? html`<p class="muted">No repair plan: ${e.no_repair}</p>`
          : ''
    }
  </article>`;
}

function Compliance({ name, version }: { name: string; version: string }) {
  const c = useLoad(() => getJson<ClusterCompliance>(`/api/clusters/${enc(name)}/software/compliance`), [name, version]);
  return html`<section aria-labelledby="compliance-title">
    <h2 id="compliance-title">Compliance ${c.data ? html`<${Badge} value=${c.data.status} />` : ''}</h2>
    <${ErrorList} title="Could not compute compliance" lines=${c.error} />
    ${
      c.data
        ? html`<p>Remediating the cluster: <strong>${words(c.data.impact)}</strong>.</p>
          <div class="scroll"><table class="compliance">
            <thead><tr><th scope="col">Host</th><th scope="col">Status</th><th scope="col">Impact</th>
              <th scope="col">Base image (installed → desired)</th><th scope="col">Component changes</th></tr></thead>
            <tbody>${c.data.hosts.map(
              (h) => html`<tr>
                <th scope="row">${h.host}</th>
                <td><${Badge} value=${h.status} /></td>
                <td>${words(h.impact)}</td>
                <td>${h.base_image.installed ?? 'none'} → ${h.base_image.desired ?? 'none'}</td>
                <td>${
                  h.components.length
                    ? html`<ul class="plain">${h.components.map(
                        (d) =>
                          html`<li>${d.name}: ${d.installed ?? 'none'} → ${d.desired ?? 'removed'} <span class="muted">(${words(d.change)}${d.reboot_required ? ', reboot' : ''})</span></li>`,
                      )}</ul>`
                    : 'none'
                }
                  ${h.errors.length ? html`<ul class="plain errors">${h.errors.map((e) => html`<li>${e.message}</li>`)}</ul>` : ''}</td>
              </tr>`,
            )}</tbody>
          </table></div>`
        : !c.error && html`<p class="loading">Computing compliance…</p>`
    }
  </section>`;
}

const hasSeveralClasses = (c: Cluster) => new Set(c.hosts.map((h) => JSON.stringify([h.vendor, h.model]))).size > 1;

export function ClusterPage({ name }: { name: string }) {
  const state = useLoad(() => loadCluster(name), [name]);
  const { notices, add, dismiss } = useNotices();
  const [busy, setBusy] = useState(false);
  const [acceptError, setAcceptError] = useState<string[] | undefined>(undefined);
  const loaded = state.data;
  const data = loaded && 'rec' in loaded ? loaded : undefined;
  const unsolvable = loaded && 'why' in loaded ? loaded : undefined;

  useEffect(() => {
    document.title = `${name} · Strata`;
    return subscribe(
      (e) => {
        if (e.type === 'recommendations') {
          add(
            `Re-solved ${when(new Date().toISOString())}: ${e.changed ? 'the recommendations changed' : 'nothing changed'}, because of ${causesWords(e)}.`,
            e.changed ? 'success' : 'info',
          );
          void state.reload();
        } else if (e.type === 'stale') {
          add(`Inputs changed (${causesWords(e)}): re-solving…`);
          void state.reload();
        } else if (e.type === 'cluster_deleted') add('This cluster was deleted.', 'warning');
      },
      undefined,
      name,
    );
  }, [name, state.reload]);

  // A recommendation being made: wait for it in the background too (should an event be missed).
  useEffect(() => {
    if (!data || !(data.rec.stale || data.rec.status === 'PENDING')) return;
    let live = true;
    getJson(`/api/clusters/${enc(name)}/software/recommendations?wait=15000`)
      .then(() => {
        if (live) void state.reload();
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [data]);

  /** Accepts a slot of image group `group` (0: the default image); or, with `groups`, the groups answer. */
  const accept = async (slot: Slot | 'groups', group = 0) => {
    if (!data) return;
    // The button is disabled while busy, which drops the keyboard focus: give it back afterwards.
    const from = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setBusy(true);
    setAcceptError(undefined);
    try {
      const path =
        slot === 'groups'
          ? `/api/clusters/${enc(name)}/software/groups?action=accept`
          : `/api/clusters/${enc(name)}/software/recommendations/${slot}?action=accept${group ? `&group=${group}` : ''}`;
      const res = await request(path, {
        method: 'POST',
        write: true,
        headers: { 'if-match': data.revision },
      });
      const body = (await res.json()) as { revision: number; changed: boolean };
      const what = slot === 'groups' ? 'the image groups' : SLOT_TITLE[slot].toLowerCase();
      add(
        body.changed
          ? `Accepted ${what}${group ? ` for image group ${group}` : ''}: the desired image is now revision ${body.revision}.`
          : `The desired image already was ${what}.`,
        'success',
      );
      await state.reload();
    } catch (err) {
      if (err instanceof NoToken) setAcceptError([err.message]);
      else if (err instanceof ApiFailure && (err.status === 409 || err.status === 412)) {
        setAcceptError([
          'The desired image or the recommendation changed since this page was loaded; the current one is shown now. Review it and accept again.',
          ...err.messages,
        ]);
        await state.reload();
      } else setAcceptError(errorLines(err));
    } finally {
      setBusy(false);
      setTimeout(() => {
        if (from?.isConnected && document.activeElement === document.body) from.focus();
      });
    }
  };

  const rec = data?.rec;
  const status = rec ? (rec.status === 'PENDING' ? 'pending' : rec.stale ? 'solving' : rec.status === 'FAILED' ? 'failed' : 'fresh') : '';
  return html`<h1>Cluster ${name}</h1>
    <p><a href=${`${clusterPath(name)}/whatif`}>What-if scenarios for this cluster</a></p>
    <${Notices} notices=${notices} onDismiss=${dismiss} />
    <${ErrorList} title="Could not read the cluster" lines=${state.error} />
    <${ErrorList} title="Not accepted" lines=${acceptError} />
    ${
      data && rec
        ? html`<p class="summary" data-recommendation-state=${status}>${data.cluster.hosts.length} hosts · desired image revision ${data.revision.replace(/"/g, '')} ·
            recommendations <${Badge} value=${status} /> ${rec.generated_at ? html`<span class="muted">computed ${when(rec.generated_at)} (${ago(rec.generated_at)})</span>` : ''}
            ${rec.hcl_freshness !== 'OK' ? html` · HCL <${Badge} value=${rec.hcl_freshness} />` : ''}</p>
          ${rec.error ? html`<${ErrorList} title="The last solve failed" lines=${[`${rec.error.type}: ${rec.error.message}`]} />` : ''}
          ${
            rec.groups
              ? html`<${DesiredGroups} cluster=${data.cluster} groups=${rec.groups} onAccept=${accept} busy=${busy} />`
              : html`<${Recommendations} desired=${data.cluster.desired} recs=${rec} onAccept=${(s: Slot) => accept(s)} busy=${busy} />`
          }
          ${
            !rec.groups && rec.status === 'READY' && !rec.stale && !rec.latest && hasSeveralClasses(data.cluster)
              ? html`<${GroupsAnswer} name=${name} version=${`${data.revision}|${rec.generated_at}`} onAccept=${() => accept('groups')} busy=${busy} />`
              : ''
          }
          <section aria-labelledby="excluded-title">
            <h2 id="excluded-title">Excluded base images${rec.groups ? ' of the default image' : ''} (${rec.excluded_base_images.length})</h2>
            ${
              rec.excluded_base_images.length
                ? rec.excluded_base_images.map((e) => html`<${Excluded} data=${data} e=${e} key=${e.version} />`)
                : html`<p>None: every base image in the depot has a valid image for this cluster.</p>`
            }
          </section>
          <${Compliance} name=${name} version=${`${data.revision}|${rec.generated_at}`} />`
        : unsolvable
          ? html`<p class="summary" data-recommendation-state="pending">${unsolvable.cluster.hosts.length} hosts · recommendations <${Badge} value="pending" /></p>
            <div class="notice warning" role="status">
              <span>Nothing can be recommended yet: ${unsolvable.why.join('; ')}. Import it on the <a href="/inputs">Inputs</a> page; this page follows by itself.</span>
            </div>`
          : !state.error && html`<p class="loading">Loading…</p>`
    }`;
}
