// Errors (each server message on its own line: they name the file and JSON path) and notices.
import { html } from 'htm/preact';

export function ErrorList({ title, lines }: { title: string; lines: string[] | undefined }) {
  if (!lines?.length) return null;
  return html`<div class="error" role="alert">
    <strong>${title}</strong>
    <ul>${lines.map((l) => html`<li><code>${l}</code></li>`)}</ul>
  </div>`;
}

export interface Notice {
  id: number;
  text: string;
  kind?: 'info' | 'success' | 'warning';
}

/** Live region: screen readers read new notices; the newest comes first. */
export function Notices({ notices, onDismiss }: { notices: Notice[]; onDismiss: (id: number) => void }) {
  return html`<div class="notices" aria-live="polite">
    ${notices.map(
      (n) => html`<div class=${`notice ${n.kind ?? 'info'}`} key=${n.id}>
        <span>${n.text}</span>
        <button type="button" class="link" onClick=${() => onDismiss(n.id)} aria-label="Dismiss notice">×</button>
      </div>`,
    )}
  </div>`;
}

export function Badge({ value, title }: { value: string; title?: string }) {
  return html`<span class=${`badge b-${value.toLowerCase().replace(/[^a-z]+/g, '-')}`} title=${title}>${value.toLowerCase().replace(/_/g, ' ')}</span>`;
}
