import type { RunCheckpointer, SerializedRunState } from '@agent33/runtime/ports';
import type { ImprovementStore } from '../store/types.js';

/** The runtime's `RunCheckpointer` on the store's `run_checkpoints` table (one upserted row per run). */
export function runCheckpointer(store: ImprovementStore): RunCheckpointer {
  return {
    save: (runId, state) => store.runs.saveCheckpoint(runId, state),
    load: async (runId) => (await store.runs.loadCheckpoint(runId)) as SerializedRunState | undefined,
  };
}
