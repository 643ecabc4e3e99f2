// The token dialog: a modal <dialog> (focus moves in, Escape cancels) with a labelled field.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { onTokenRequest, type TokenRequest } from '../lib/token.js';

export function TokenDialog() {
  const [req, setReq] = useState<TokenRequest | undefined>(undefined);
  const [value, setValue] = useState('');
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => onTokenRequest(setReq), []);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (req && !d.open) {
      setValue('');
      opener.current = req.opener;
      d.showModal();
    } else if (!req && opener.current) {
      // Escape has closed it already. Focus goes back to where the person was: the browser gives up
      // when that was a button disabled meanwhile.
      if (d.open) d.close();
      const o = opener.current;
      opener.current = null;
      setTimeout(() => {
        if (o?.isConnected && (document.activeElement === document.body || !document.activeElement)) o.focus();
      });
    }
  }, [req]);
  const submit = (e: Event) => {
    e.preventDefault();
    req?.resolve(value.trim() || undefined);
  };
  return html`<dialog ref=${ref} class="token-dialog" aria-labelledby="token-title" onCancel=${() => req?.resolve(undefined)}>
    <form onSubmit=${submit}>
      <h2 id="token-title">API token</h2>
      <p>${req?.reason}</p>
      <label for="token-input">Token</label>
      <input id="token-input" type="password" autocomplete="off" required value=${value}
        onInput=${(e: Event) => setValue((e.target as HTMLInputElement).value)} />
      <p class="hint">Kept for this browser tab only (session storage).</p>
      <div class="actions">
        <button type="submit" class="primary">Use token</button>
        <button type="button" onClick=${() => req?.resolve(undefined)}>Cancel</button>
      </div>
    </form>
  </dialog>`;
}
