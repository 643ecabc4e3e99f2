// The server's event stream, read with fetch (not EventSource) so that the bearer token can go in
// the Authorization header when reads are protected. Reconnects after a pause when the stream ends.
import type { Cause } from '../../service/scheduler.js';
import { currentToken } from './token.js';

export type { Cause };

export interface StreamEvent {
  type: 'recommendations' | 'stale' | 'cluster_deleted';
  cluster: string;
  changed?: boolean;
  causes?: Cause[];
  cause?: Cause;
  dropped_causes?: number;
}

/** Splits SSE text into messages; returns the unfinished rest. */
export function parseSse(text: string, emit: (event: string, data: string) => void): string {
  const blocks = text.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length) emit(event, data.join('\n'));
  }
  return rest;
}

/** Calls `on` for each re-solve, stale and deletion message; `onReady` each time the stream is (re)connected. */
export function subscribe(on: (e: StreamEvent) => void, onReady?: () => void, cluster?: string): () => void {
  const ctrl = new AbortController();
  const url = `/api/events/stream${cluster ? `?cluster=${encodeURIComponent(cluster)}` : ''}`;
  const run = async () => {
    while (!ctrl.signal.aborted) {
      try {
        const token = currentToken();
        const res = await fetch(url, { signal: ctrl.signal, headers: token ? { authorization: `Bearer ${token}` } : {} });
        if (!res.ok || !res.body) throw new Error(`event stream: HTTP ${res.status}`);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf = parseSse(buf + value, (event, data) => {
            if (event === 'ready') onReady?.();
            else if (event === 'recommendations' || event === 'stale' || event === 'cluster_deleted') on(JSON.parse(data) as StreamEvent);
          });
        }
      } catch {
        // Aborted, or the server went away: try again shortly.
      }
      if (!ctrl.signal.aborted) await new Promise((r) => setTimeout(r, 2000));
    }
  };
  void run();
  return () => ctrl.abort();
}

/** "firmware_updated on esx-05 (vmnic0)", "depot_changed". */
export function causeWords(c: Cause): string {
  const what = c.type.replace(/_/g, ' ').replace(/^recommendation accepted:(\w+)$/, 'recommendation $1 accepted');
  const where = [c.host, c.device ?? c.component].filter(Boolean);
  return where.length ? `${what} on ${where[0]}${where[1] ? ` (${where[1]})` : ''}` : what;
}

export function causesWords(e: StreamEvent): string {
  const causes = e.causes ?? (e.cause ? [e.cause] : []);
  const words = [...new Set(causes.map(causeWords))];
  const more = e.dropped_causes ? ` and ${e.dropped_causes} more` : '';
  return words.length ? words.join(', ') + more : 'a change';
}
