// The console's entry: the router picks the page; the token dialog is always mounted.
import { html, render } from 'htm/preact';
import { Layout } from './components/layout.js';
import { TokenDialog } from './components/token-dialog.js';
import { route, useLocation } from './lib/router.js';
import { ClusterPage } from './pages/cluster.js';
import { FleetPage } from './pages/fleet.js';
import { InputsPage } from './pages/inputs.js';
import { NotFoundPage } from './pages/not-found.js';
import { WhatifPage } from './pages/whatif.js';

function App() {
  const { path } = useLocation();
  const r = route(path);
  const page =
    r.page === 'fleet'
      ? html`<${FleetPage} />`
      : r.page === 'inputs'
        ? html`<${InputsPage} />`
        : r.page === 'cluster'
          ? html`<${ClusterPage} name=${r.cluster} key=${r.cluster} />`
          : r.page === 'whatif'
            ? html`<${WhatifPage} name=${r.cluster} key=${r.cluster} />`
            : html`<${NotFoundPage} path=${r.path} />`;
  const current = r.page === 'fleet' ? '/' : r.page === 'inputs' ? '/inputs' : '';
  return html`<${Layout} current=${current}>${page}</${Layout}><${TokenDialog} />`;
}

const root = document.getElementById('app')!;
root.textContent = ''; // the "Loading…" placeholder of index.html
render(html`<${App} />`, root);
