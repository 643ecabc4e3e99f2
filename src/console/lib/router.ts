// Client-side routing with real paths (the server answers index.html for each page), so every
// page can be linked to and reloaded. Links to /docs and /api go to the server.
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<() => void>();
const notify = () => {
  for (const f of listeners) f();
};

export function navigate(to: string): void {
  history.pushState(null, '', to);
  notify();
  window.scrollTo(0, 0);
}

window.addEventListener('popstate', notify);
document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element | null)?.closest?.('a');
  if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin) return;
  if (a.pathname.startsWith('/api/') || a.pathname === '/docs' || a.pathname.startsWith('/assets/')) return;
  e.preventDefault();
  navigate(a.pathname + a.search + a.hash);
});

/** The current location; re-renders the caller on navigation. */
export function useLocation(): { path: string; hash: string } {
  const [, tick] = useState(0);
  useEffect(() => {
    const f = () => tick((n) => n + 1);
    listeners.add(f);
    return () => listeners.delete(f);
  }, []);
  return { path: location.pathname, hash: location.hash };
}

export type Route =
  | { page: 'fleet' }
  | { page: 'inputs' }
  | { page: 'cluster'; cluster: string }
  | { page: 'whatif'; cluster: string }
  | { page: 'not-found'; path: string };

export function route(path: string): Route {
  const p = path.length > 1 ? path.replace(/\/+$/, '') : path;
  if (p === '/') return { page: 'fleet' };
  if (p === '/inputs') return { page: 'inputs' };
  const m = /^\/clusters\/([^/]+)(\/whatif)?$/.exec(p);
  if (m) {
    const cluster = decodeURIComponent(m[1]!);
    return m[2] ? { page: 'whatif', cluster } : { page: 'cluster', cluster };
  }
  return { page: 'not-found', path };
}

export const clusterPath = (c: string) => `/clusters/${encodeURIComponent(c)}`;
