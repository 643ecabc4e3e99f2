// The frame of every page: a skip link, the header with the navigation, the page.
import { html } from 'htm/preact';
import type { ComponentChildren } from 'preact';

export function Layout({ current, children }: { current: string; children: ComponentChildren }) {
  const link = (href: string, label: string) => html`<a href=${href} aria-current=${current === href ? 'page' : undefined}>${label}</a>`;
  return html`<a class="skip" href="#main">Skip to content</a>
    <header class="top">
      <a class="brand" href="/">Strata</a>
      <nav aria-label="Main">${link('/', 'Fleet')} ${link('/inputs', 'Inputs')} <a href="/docs">API reference</a></nav>
    </header>
    <main id="main" tabindex="-1">${children}</main>`;
}
