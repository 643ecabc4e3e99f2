// Loads something for a page and reloads it on demand (live updates, after a change).
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorLines } from './api.js';

export interface Loaded<T> {
  data: T | undefined;
  error: string[] | undefined;
  loading: boolean;
  reload: () => Promise<void>;
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string[] | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const reload = useCallback(async () => {
    const g = ++generation.current;
    setLoading(true);
    try {
      const v = await load();
      if (g !== generation.current) return;
      setData(v);
      setError(undefined);
    } catch (err) {
      if (g === generation.current) setError(errorLines(err));
    } finally {
      if (g === generation.current) setLoading(false);
    }
  }, deps);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload };
}
