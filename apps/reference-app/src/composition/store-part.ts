import { createMemoryStore, type ImprovementStore } from '@agent33/improvement-store';
import type { Clock } from '@agent33/observability';
import type { AppConfig } from '../config/index.js';
import type { ComponentBoard } from './components.js';
import type { Logger } from './logger.js';

/** The composed improvement store. */
export interface StorePart {
  store: ImprovementStore;
  close(): Promise<void>;
}

/** Opens the improvement store and reports its health on the board. */
export async function composeStore(config: AppConfig, board: ComponentBoard, logger: Logger, clock: Clock): Promise<StorePart> {
  const store = createMemoryStore({ clock });
  const health = await store.health();
  board.set({ name: 'store', state: health.status === 'ok' ? 'ready' : 'degraded', detail: `${store.kind} store`, required: true });
  store.on('corruption', (e) => logger.error(`store corruption detected at ${e.path}: ${e.reason}`));
  void config;
  return { store, close: () => store.close() };
}
