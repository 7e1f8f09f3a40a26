/*
 * The Agent Platform portal backend: the stock Backstage plugins the suite builds
 * on, plus the suite's own modules.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// auth: in development the guest provider signs local users in as an example user (it
// refuses outside development); in production the identity comes from the authenticating
// proxy in front of the portal (oauth2-proxy's X-Forwarded-User / X-Forwarded-Email headers),
// resolved to a catalog User (app-config.production.yaml)
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(
  import('@backstage/plugin-auth-backend-module-oauth2-proxy-provider'),
);

// catalog, with upstream's AI model (AiResource, API of type mcp-server)
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-ai-model'));
backend.add(
  import('@agent-platform/plugin-catalog-backend-module-agent-platform'),
);
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));

// permissions, with the suite's own policy
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@agent-platform/plugin-permission-backend-module-agent-platform'),
);

// search: Postgres engine when on PostgreSQL, in-memory Lunr otherwise
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

// actions registry served to agents over MCP
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// notifications (the agent platform's governance alerts), live in the UI through signals
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.add(import('@agent-platform/plugin-agent-platform-backend'));
backend.add(
  import('@agent-platform/plugin-scaffolder-backend-module-agent-platform'),
);
// A plugin that fails to start (e.g. no spend ingestion token outside development) fails the
// backend: exit, rather than stay up answering 503 "Backend has not started yet".
backend.start().catch(error => {
  process.stderr.write(`Backend startup failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
