// The three recommendations of a cluster, in the order every output lists them.
export type Slot = 'latest' | 'current_series' | 'same_base';
export const SLOTS: readonly Slot[] = ['latest', 'current_series', 'same_base'];
