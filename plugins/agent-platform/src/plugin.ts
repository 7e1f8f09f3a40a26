import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import {
  agentPlatformApiRef,
  AgentPlatformClient,
  agentPlatformExceptionsApiRef,
  ExceptionsClient,
} from './api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { agentPlatformFieldDefinitions as fieldDefs } from './scaffolder/formFields';

/** The overview page's route in legacy apps. @public */
export const legacyRootRouteRef = createRouteRef({ id: 'agent-platform' });

/** The My spend page's route in legacy apps. @public */
export const legacyMySpendRouteRef = createRouteRef({
  id: 'agent-platform-my-spend',
});

/**
 * The agent-platform plugin for legacy (`createApp` from
 * `@backstage/app-defaults`) apps. New apps use the `/alpha` export.
 *
 * @public
 */
export const agentPlatformLegacyPlugin = createPlugin({
  id: 'agent-platform',
  apis: [
    createApiFactory({
      api: agentPlatformApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AgentPlatformClient({ discoveryApi, fetchApi }),
    }),
    createApiFactory({
      api: agentPlatformExceptionsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ExceptionsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: legacyRootRouteRef, mySpend: legacyMySpendRouteRef },
});

/** Base version card (legacy apps; use on Group, Component and agent config pages). @public */
export const EntityBaseVersionCard = agentPlatformLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityBaseVersionCard',
    component: {
      lazy: () =>
        import('./components/BaseVersionCard').then(m => m.BaseVersionCard),
    },
  }),
);

/** Permission scopes card (legacy apps). @public */
export const EntityPermissionScopesCard = agentPlatformLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityPermissionScopesCard',
    component: {
      lazy: () =>
        import('./components/PermissionScopesCard').then(
          m => m.PermissionScopesCard,
        ),
    },
  }),
);

/** Spend summary card (legacy apps). @public */
export const EntitySpendCard = agentPlatformLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntitySpendCard',
    component: {
      lazy: () => import('./components/Spend').then(m => m.SpendSummaryCard),
    },
  }),
);

/** Spend tab content (legacy apps: put it in an `EntityLayout.Route`). @public */
export const EntitySpendContent = agentPlatformLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntitySpendContent',
    component: {
      lazy: () => import('./components/Spend').then(m => m.SpendContent),
    },
  }),
);

/** Skill card (legacy apps). @public */
export const EntitySkillCard = agentPlatformLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntitySkillCard',
    component: {
      lazy: () => import('./components/SkillCard').then(m => m.SkillCard),
    },
  }),
);

/** Skills, subagents and rules card on Groups and Components (legacy apps). @public */
export const EntityAgentAssetsCard = agentPlatformLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityAgentAssetsCard',
    component: {
      lazy: () =>
        import('./components/AgentAssetsCard').then(m => m.AgentAssetsCard),
    },
  }),
);

/** SKILL.md, subagent prompt or rule text card (legacy apps). @public */
export const EntityAssetDocumentCard = agentPlatformLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityAssetDocumentCard',
    component: {
      lazy: () =>
        import('./components/AgentAssetsCard').then(m => m.AssetDocumentCard),
    },
  }),
);

/** MCP server card (legacy apps). @public */
export const EntityMcpServerCard = agentPlatformLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityMcpServerCard',
    component: {
      lazy: () =>
        import('./components/McpServerCard').then(m => m.McpServerCard),
    },
  }),
);

/** Releases card of the org base (legacy apps). @public */
export const EntityBaseReleasesCard = agentPlatformLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityBaseReleasesCard',
    component: {
      lazy: () =>
        import('./components/BaseReleasesCard').then(m => m.BaseReleasesCard),
    },
  }),
);

/** Stale agent files of a team, for Group pages (legacy apps). @public */
export const EntityStalenessCard = agentPlatformLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityStalenessCard',
    component: {
      lazy: () =>
        import('./components/OrgHealth').then(m => m.EntityStalenessCard),
    },
  }),
);

/** The platform overview page (legacy apps). @public */
export const AgentPlatformPage = agentPlatformLegacyPlugin.provide(
  createRoutableExtension({
    name: 'AgentPlatformPage',
    component: () =>
      import('./components/PlatformOverviewPage').then(
        m => m.PlatformOverviewPage,
      ),
    mountPoint: legacyRootRouteRef,
  }),
);

/** Exceptions card for Group pages (legacy apps). @public */
export const EntityExceptionsCard = agentPlatformLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityExceptionsCard',
    component: {
      lazy: () =>
        import('./components/ExceptionsCard').then(m => m.EntityExceptionsCard),
    },
  }),
);

/** Effective config history (a timeline) for Group and Component pages (legacy apps). @public */
export const EntityConfigHistoryCard = agentPlatformLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityConfigHistoryCard',
    component: {
      lazy: () =>
        import('./components/ConfigHistoryCard').then(
          m => m.EntityConfigHistoryCard,
        ),
    },
  }),
);

/**
 * Exceptions of every team (or of `team`), for the platform overview
 * (legacy apps).
 *
 * @public
 */
export const ExceptionsCard = agentPlatformLegacyPlugin.provide(
  createComponentExtension({
    name: 'ExceptionsCard',
    component: {
      lazy: () =>
        import('./components/ExceptionsCard').then(m => m.ExceptionsCard),
    },
  }),
);

/** My spend: the signed-in engineer's own usage (legacy apps). @public */
export const MyAgentSpendPage = agentPlatformLegacyPlugin.provide(
  createRoutableExtension({
    name: 'MyAgentSpendPage',
    component: () =>
      import('./components/MySpendPage').then(m => m.MySpendPage),
    mountPoint: legacyMySpendRouteRef,
  }),
);

/** Scaffolder field `AgentPlatformTeamPicker` (legacy apps). @public */
export const AgentPlatformTeamPickerFieldExtension =
  agentPlatformLegacyPlugin.provide(
    createScaffolderFieldExtension(fieldDefs.teamPicker as any),
  );

/** Scaffolder field `AgentPlatformBaseRelease` (legacy apps). @public */
export const AgentPlatformBaseReleaseFieldExtension =
  agentPlatformLegacyPlugin.provide(
    createScaffolderFieldExtension(fieldDefs.baseRelease as any),
  );

/** Scaffolder field `AgentPlatformSkillPicker` (legacy apps). @public */
export const AgentPlatformSkillPickerFieldExtension =
  agentPlatformLegacyPlugin.provide(
    createScaffolderFieldExtension(fieldDefs.skillPicker as any),
  );

/** Scaffolder field `AgentPlatformMcpServerPicker` (legacy apps). @public */
export const AgentPlatformMcpServerPickerFieldExtension =
  agentPlatformLegacyPlugin.provide(
    createScaffolderFieldExtension(fieldDefs.mcpServerPicker as any),
  );

/** Scaffolder field `AgentPlatformAgentToolsPicker` (legacy apps). @public */
export const AgentPlatformAgentToolsPickerFieldExtension =
  agentPlatformLegacyPlugin.provide(
    createScaffolderFieldExtension(fieldDefs.agentToolsPicker as any),
  );

/** Scaffolder field `AgentPlatformDescription` (legacy apps). @public */
export const AgentPlatformDescriptionFieldExtension =
  agentPlatformLegacyPlugin.provide(
    createScaffolderFieldExtension(fieldDefs.description as any),
  );

/** Scaffolder field `AgentPlatformFilesPreview` (legacy apps). @public */
export const AgentPlatformFilesPreviewFieldExtension =
  agentPlatformLegacyPlugin.provide(
    createScaffolderFieldExtension(fieldDefs.filesPreview as any),
  );
