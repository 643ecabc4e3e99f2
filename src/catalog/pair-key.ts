/**
 * A map key of two strings (vid and did, manager and package, vendor and model). A template, not
 * a join of a rest array: that cost twice as much indexing 5,000 HCL device entries.
 */
export const pairKey = (a: string, b: string) => `${a}\u0000${b}`;
