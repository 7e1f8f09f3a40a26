import { AGENT_PLATFORM_RELATION_PAIRS } from '@agent-platform/plugin-agent-platform-common';
import {
  ALL_RELATION_PAIRS,
  ALL_RELATIONS,
  catalogGraphApiRef,
  DefaultCatalogGraphApi,
} from '@backstage/plugin-catalog-graph';
import {
  ApiBlueprint,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import { z } from 'zod';

/** Upstream's relations plus the suite's, each pair once. */
export function knownRelationPairs(
  extra: Array<[string, string]> = [],
): Array<[string, string]> {
  return [
    ...ALL_RELATION_PAIRS,
    ...AGENT_PLATFORM_RELATION_PAIRS.map(
      p => [p.type, p.reverse] as [string, string],
    ),
    ...extra,
  ];
}

/**
 * Replaces the catalog graph's API so the graph page and every entity's
 * relations card know the suite's relations (extends, uses skill, uses MCP
 * server, agent config of, replaced by) and show them by default.
 * `app.extensions` can add more:
 *
 * ```yaml
 * app:
 *   extensions:
 *     - api:catalog-graph:
 *         config:
 *           knownRelationPairs: [[implements, implementedBy]]
 * ```
 */
const catalogGraphApi = ApiBlueprint.makeWithOverrides({
  configSchema: {
    knownRelationPairs: z.array(z.tuple([z.string(), z.string()])).optional(),
  },
  factory(originalFactory, { config }) {
    const pairs = knownRelationPairs(config.knownRelationPairs);
    const relations = [...new Set([...ALL_RELATIONS, ...pairs.flat()])].sort();
    return originalFactory(defineParams =>
      defineParams({
        api: catalogGraphApiRef,
        deps: {},
        factory: () =>
          new DefaultCatalogGraphApi({
            knownRelations: relations,
            knownRelationPairs: pairs,
            defaultRelationTypes: { exclude: [] },
          }),
      }),
    );
  },
});

/** The catalog graph, taught the suite's relations. */
export const catalogGraphModule = createFrontendModule({
  pluginId: 'catalog-graph',
  extensions: [catalogGraphApi],
});
