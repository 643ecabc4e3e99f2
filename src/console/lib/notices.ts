// A page's list of notices (newest first, at most five).
import { useCallback, useState } from 'preact/hooks';
import type { Notice } from '../components/messages.js';

let nextId = 1;

export function useNotices() {
  const [notices, setNotices] = useState<Notice[]>([]);
  const add = useCallback((text: string, kind: Notice['kind'] = 'info') => {
    setNotices((ns) => [{ id: nextId++, text, kind }, ...ns].slice(0, 5));
  }, []);
  const dismiss = useCallback((id: number) => setNotices((ns) => ns.filter((n) => n.id !== id)), []);
  return { notices, add, dismiss };
}
