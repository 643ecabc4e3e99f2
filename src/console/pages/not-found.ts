// Any path that is no page of the console (the server answers it with 404 too).
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';

export function NotFoundPage({ path }: { path: string }) {
  useEffect(() => {
    document.title = 'Not found · Strata';
  }, []);
  return html`<h1>Page not found</h1>
    <p>There is no page at <code>${path}</code>.</p>
    <p>Go to the <a href="/">fleet</a>, the <a href="/inputs">inputs</a> or the <a href="/docs">API reference</a>.</p>`;
}
