// The image groups on the cluster page (docs/cluster.md "Alternative images"): with alternatives,
// each group's classes, hosts, image and recommendations (accept per group); without, when one
// image is not enough for the hosts, the fewest groups Strata finds and a button to accept them.
import { html } from 'htm/preact';
import { ErrorList } from '../components/messages.js';
import { Recommendations, type Slot } from '../components/recommendations.js';
import { enc, getJson } from '../lib/api.js';
import type { ClassSelector, Cluster, GroupRecommendations, Groups, Image, ImageSpec } from '../lib/types.js';
import { useLoad } from '../lib/use-load.js';

const classWords = (cs: readonly ClassSelector[]) => cs.map((c) => `${c.vendor} ${c.model}`).join(', ');
const imageWords = (img: Image) =>
  [
    img.base_image.version,
    img.add_on ? `${img.add_on.name} ${img.add_on.version}` : '',
    ...Object.values(img.hardware_support?.packages ?? {}).map((p) => `${p.pkg} ${p.version}`),
  ]
    .filter(Boolean)
    .join(' + ');

/** The groups of the desired state: one recommendations table per group. */
export function DesiredGroups({
  cluster,
  groups,
  onAccept,
  busy,
}: {
  cluster: Cluster;
  groups: GroupRecommendations[];
  onAccept: (slot: Slot, group: number) => void;
  busy: boolean;
}) {
  const alternatives = cluster.desired.alternatives ?? [];
  return html`<section aria-labelledby="groups-title" class="image-groups">
    <h2 id="groups-title">Image groups (${groups.length})</h2>
    <p class="muted">Each host runs the image of its hardware class (vendor and model); hosts of no listed class run the default image.</p>
    ${groups.map((g) => {
      const desired: ImageSpec | undefined = g.group === 0 ? cluster.desired : alternatives[g.group - 1]?.image;
      if (!desired) return '';
      const title = g.group === 0 ? 'Default image' : `Alternative image ${g.group}`;
      return html`<${Recommendations}
        key=${g.group}
        id=${`group-${g.group}-title`}
        title=${title}
        desired=${desired}
        recs=${g}
        busy=${busy}
        onAccept=${(s: Slot) => onAccept(s, g.group)}
      >
        <p class="group-members">
          <strong>Classes:</strong> ${g.classes ? classWords(g.classes) : 'every other class'}${' · '}<strong>Hosts (${g.hosts.length}):</strong> ${g.hosts.length ? g.hosts.join(', ') : 'none'}
        </p>
      </${Recommendations}>`;
    })}
  </section>`;
}

/** One image is not enough: the fewest groups, as GET .../software/groups answers, and accept. */
export function GroupsAnswer({ name, version, onAccept, busy }: { name: string; version: string; onAccept: () => void; busy: boolean }) {
  const path = `/api/clusters/${enc(name)}/software/groups`;
  const g = useLoad(() => getJson<Groups>(path), [name, version]);
  const answer = g.data;
  return html`<section aria-labelledby="split-title" class="groups-answer">
    <h2 id="split-title">One image is not enough: image groups</h2>
    <p>No single image is valid on every host. vSphere lets a cluster hold up to four images, assigned by vendor and model;
      these are the fewest groups that each have a valid image (<a href=${path}>the groups answer as JSON</a>).</p>
    <${ErrorList} title="Could not compute the groups" lines=${g.error} />
    ${
      !answer
        ? !g.error && html`<p class="loading">Finding the image groups…</p>`
        : answer.groups.length
          ? html`<div class="scroll"><table class="groups">
              <thead><tr><th scope="col">Group</th><th scope="col">Classes</th><th scope="col">Hosts</th><th scope="col">Latest image</th></tr></thead>
              <tbody>${answer.groups.map(
                (x, i) => html`<tr>
                  <th scope="row">${i === 0 ? 'Default image' : `Alternative image ${i}`}</th>
                  <td>${classWords(x.classes)}</td>
                  <td>${x.hosts.join(', ')}</td>
                  <td>${imageWords(x.latest)}</td>
                </tr>`,
              )}</tbody>
            </table></div>
            <p><button type="button" class="primary" disabled=${busy} onClick=${onAccept}>Accept these ${answer.groups.length} image groups</button></p>`
          : html`<p>No split into at most ${answer.max_groups} groups works${
              answer.fewest_groups ? ` (it would take ${answer.fewest_groups})` : ''
            }.</p>
            ${answer.uncovered.map(
              (u) => html`<article class="uncovered">
                <h3>${classWords(u.classes)}: no image</h3>
                <ul class="reasons">${u.reasons.map((r) => html`<li>${r.message}</li>`)}</ul>
              </article>`,
            )}`
    }
  </section>`;
}
