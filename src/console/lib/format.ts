// Small words and numbers for the pages.

/** "2026-11-25 19:04 UTC" from an ISO instant. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "3 min ago", "2 days ago". */
export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} days ago`;
}

/** "sha256:0123456789ab…" */
export function shortHash(h: string | null | undefined): string {
  if (!h) return '—';
  const [algo, hex] = h.includes(':') ? h.split(':', 2) : ['', h];
  return `${algo ? `${algo}:` : ''}${hex!.slice(0, 12)}…`;
}

export const words = (s: string) => s.toLowerCase().replace(/_/g, ' ');
