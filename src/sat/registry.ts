// Engines by name. Each call gives a fresh engine; dispose() it when done.
import type { EngineName, SatEngine } from './engine.js';
import { MiniSatEngine } from './minisat.js';
import { createWasmEngine } from './wasm.js';
import { Z3Engine, shutdownZ3 } from './z3.js';

export const ENGINE_NAMES: readonly EngineName[] = ['wasm', 'minisat', 'z3'];
export const DEFAULT_ENGINE: EngineName = 'wasm';

export async function createEngine(name: EngineName = DEFAULT_ENGINE): Promise<SatEngine> {
  switch (name) {
    case 'wasm':
      return createWasmEngine();
    case 'minisat':
      return new MiniSatEngine();
    case 'z3':
      return Z3Engine.create();
    default:
      throw new Error(`unknown engine ${String(name)}`);
  }
}

/** Releases what engines hold process-wide (Z3's threads), so the process can exit. */
export async function shutdownEngines(): Promise<void> {
  await shutdownZ3();
}

export function isEngineName(name: string): name is EngineName {
  return (ENGINE_NAMES as readonly string[]).includes(name);
}
