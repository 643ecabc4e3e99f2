// The three recommended images of one image (a cluster's, or one image group's) beside its
// desired image, differences marked, with accept buttons.
import { html } from 'htm/preact';
import { differs, imageRows } from '../lib/image.js';
import type { ImageSpec, RecommendationView } from '../lib/types.js';

export const SLOTS = ['latest', 'current_series', 'same_base'] as const;
export type Slot = (typeof SLOTS)[number];
export const SLOT_TITLE: Record<Slot, string> = { latest: 'Latest', current_series: 'Current series', same_base: 'Same base' };

/** The slots of one image (the cluster's, or one image group's) beside the desired image, with accept buttons. */
export function Recommendations({
  desired,
  recs,
  onAccept,
  busy,
  title = 'Recommendations',
  id = 'rec-title',
  children,
}: {
  desired: ImageSpec;
  recs: Pick<RecommendationView, Slot>;
  onAccept: (s: Slot) => void;
  busy: boolean;
  title?: string;
  id?: string;
  children?: unknown;
}) {
  const images = SLOTS.map((s) => recs[s]);
  const rows = imageRows(desired, images);
  return html`<section aria-labelledby=${id} class="recommendations">
    <h2 id=${id}>${title}</h2>
    ${children}
    <p class="muted">Cells that differ from the desired image are <mark>marked</mark>.</p>
    <div class="scroll"><table class="images">
      <thead><tr><th scope="col">Layer</th><th scope="col">Desired image</th>
        ${SLOTS.map((s) => html`<th scope="col">${SLOT_TITLE[s]}</th>`)}</tr></thead>
      <tbody>
        ${rows.map(
          (r, row) => html`<tr>
            <th scope="row">${r.layer}</th><td>${r.desired}</td>
            ${r.values.map((v, i) => {
              // Scripting hooks (docs/console.md): the slot of every cell; the base image's version.
              const slot = SLOTS[i];
              const base = row === 0 ? (v ?? '') : undefined;
              return v === undefined
                ? html`<td class="none" data-slot=${slot} data-base-image=${base}>${row === 0 ? 'no valid image' : '—'}</td>`
                : differs(r.desired, v)
                  ? html`<td class="diff" data-slot=${slot} data-base-image=${base}><mark>${v}</mark><span class="sr-only"> (differs from the desired image)</span></td>`
                  : html`<td data-slot=${slot} data-base-image=${base}>${v}</td>`;
            })}
          </tr>`,
        )}
      </tbody>
      <tfoot><tr><th scope="row">Accept</th><td></td>
        ${SLOTS.map(
          (s, i) =>
            html`<td>${
              images[i]
                ? html`<button type="button" class="primary" disabled=${busy} onClick=${() => onAccept(s)}>Accept ${SLOT_TITLE[s].toLowerCase()}</button>`
                : ''
            }</td>`,
        )}
      </tr></tfoot>
    </table></div>
  </section>`;
}
