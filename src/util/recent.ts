// A Map used as a cache of the most recently used: insertion order is use order, so the first
// key is the least recently used one.

/**
 * The value `map` keeps for `key`, else what `make` makes, kept after the least recently used
 * are dropped to stay within `max`; either way `key` is now the most recently used.
 */
export function recentOrMade<K, V>(map: Map<K, V>, key: K, max: number, make: () => V): V {
  let value = map.get(key);
  if (value !== undefined) map.delete(key);
  else {
    value = make();
    while (map.size >= max) map.delete(map.keys().next().value!);
  }
  map.set(key, value);
  return value;
}
