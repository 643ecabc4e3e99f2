// Engines by name. Each call gives a fresh engine; dispose() it when done. Engines load on first
// use: z3-solver and logic-solver take hundreds of milliseconds to import, and a CLI run needs one.
import type { EngineName, SatEngine } from './engine.js';

export const ENGINE_NAMES: readonly EngineName[] = ['wasm', 'minisat', 'z3'];
export const DEFAULT_ENGINE: EngineName = 'wasm';

let z3Loaded = false;

export async function createEngine(name: EngineName = DEFAULT_ENGINE): Promise<SatEngine> {
  switch (name) {
    case 'wasm':
      return (await import('./wasm.js')).createWasmEngine();
    case 'minisat':
      return new (await import('./minisat.js')).MiniSatEngine();
    case 'z3':
      z3Loaded = true;
      return (await import('./z3.js')).Z3Engine.create();
    default:
      throw new Error(`unknown engine ${String(name)}`);
  }
}

/** Releases what engines hold process-wide (Z3's threads), so the process can exit. */
export async function shutdownEngines(): Promise<void> {
  if (z3Loaded) await (await import('./z3.js')).shutdownZ3();
}

export function isEngineName(name: string): name is EngineName {
  return (ENGINE_NAMES as readonly string[]).includes(name);
}
