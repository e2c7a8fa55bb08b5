import type { ComponentBoard } from '../../composition/components.js';
import { composedPackages } from '../../composition/packages.js';
import type { AppConfig } from '../../config/index.js';
import type { OtelSdk } from '../../telemetry/otel-sdk.js';
import { APP_NAME, APP_VERSION } from '../../version.js';
import { route, type RouteSpec } from '../route.js';

/** What is composed and how it is configured (secrets never included). */
export function infoRoutes(deps: { config: AppConfig; board: ComponentBoard; otel: OtelSdk }): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/v1/info',
      summary: 'Version, composed packages, component states and the effective (secret-free) configuration',
      tag: 'health',
      access: 'observability:read',
      handler: () => ({
        name: APP_NAME,
        version: APP_VERSION,
        packages: composedPackages(),
        components: deps.board.list(),
        telemetry: { exporters: deps.otel.exporters },
        config: {
          dataDir: deps.config.dataDir,
          store: { path: deps.config.store.path, backupDir: deps.config.store.backupDir },
          model: { demo: deps.config.model.demo, baseUrl: deps.config.model.baseUrl, name: deps.config.model.name },
          connectors: {
            policyPack: deps.config.connectors.policyPack,
            mcpServers: deps.config.connectors.mcpServers.map((s) => s.name),
          },
        },
      }),
    }),
  ];
}
