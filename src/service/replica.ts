// Keeps a node's in-memory state in step with a shared store: every change another node commits
// is announced (PostgreSQL NOTIFY) and the named rows are read again. Changes to one cluster are
// applied in the order they arrive; after a lost connection everything is read again, since
// notifications sent meanwhile are gone.
import type { StrataService } from './service.js';
import type { StoreChange } from './store/store.js';

export function followStore(service: StrataService): void {
  const store = service.store;
  if (!store.shared) return;
  const chains = new Map<string, Promise<void>>();
  // A reload not yet started reads the newest rows anyway: during a burst, one per key is enough.
  const waiting = new Set<string>();
  const inOrder = (key: string, fn: () => Promise<void>) => {
    if (waiting.has(key)) return;
    waiting.add(key);
    const next = (chains.get(key) ?? Promise.resolve())
      .then(() => {
        waiting.delete(key);
        return fn();
      })
      .catch((err: unknown) => console.error(`strata serve: could not read a change of ${key} again: ${String(err)}`))
      .finally(() => {
        if (chains.get(key) === next) chains.delete(key);
      });
    chains.set(key, next);
  };
  store.onChange((c: StoreChange) => {
    if (c.kind === 'input') inOrder(`input:${c.input}`, async () => void (await service.reloadInput(c.input)));
    else if (c.kind === 'recommendation') inOrder(`recommendation:${c.cluster}`, () => service.reloadRecommendation(c.cluster));
    else inOrder(`cluster:${c.cluster}`, () => service.reloadCluster(c.cluster));
  });
  store.onResync(() => {
    inOrder('resync', async () => {
      await service.reloadInput('depot');
      await service.reloadInput('hcl');
      const names = new Set([...service.clusterNames(), ...(await store.listClusters()).map((c) => c.name)]);
      for (const name of names) await service.reloadCluster(name, { type: 'resync', cluster: name });
    });
  });
}
