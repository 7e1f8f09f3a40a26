import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import DashboardIcon from '@material-ui/icons/Dashboard';
import {
  agentPlatformApiRef,
  AgentPlatformClient,
  agentPlatformExceptionsApiRef,
  ExceptionsClient,
} from './api';
import { mySpendRouteRef, rootRouteRef } from './routes';
import {
  isBaseConfig,
  hasAgentAssets,
  hasAssetDocument,
  hasBaseVersion,
  hasPermissionScopes,
  hasSpend,
  isComponent,
  isGroup,
  isMcpServer,
  isSkill,
} from './lib/filters';

/** The agent-platform backend client. @alpha */
export const agentPlatformApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: agentPlatformApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AgentPlatformClient({ discoveryApi, fetchApi }),
    }),
});

/** Base version card on Groups, Components and team and repo agent configs. @alpha */
export const baseVersionCard = EntityCardBlueprint.make({
  name: 'base-version',
  params: {
    filter: hasBaseVersion,
    loader: () =>
      import('./components/BaseVersionCard').then(m => <m.BaseVersionCard />),
  },
});

/** Releases card on the org base: every release, its notes and who pins it. @alpha */
export const baseReleasesCard = EntityCardBlueprint.make({
  name: 'base-releases',
  params: {
    filter: isBaseConfig,
    loader: () =>
      import('./components/BaseReleasesCard').then(m => <m.BaseReleasesCard />),
  },
});

/** Stale agent files card on Groups: the team's own repositories and reviews. @alpha */
export const stalenessCard = EntityCardBlueprint.make({
  name: 'staleness',
  params: {
    filter: isGroup,
    loader: () =>
      import('./components/OrgHealth').then(m => <m.EntityStalenessCard />),
  },
});

/** Permission scopes card on agent configs, Components, Groups and MCP servers. @alpha */
export const permissionScopesCard = EntityCardBlueprint.make({
  name: 'permission-scopes',
  params: {
    filter: hasPermissionScopes,
    loader: () =>
      import('./components/PermissionScopesCard').then(m => (
        <m.PermissionScopesCard />
      )),
  },
});

/** Spend summary card on Groups, Components and Users. @alpha */
export const spendCard = EntityCardBlueprint.make({
  name: 'spend',
  params: {
    filter: hasSpend,
    loader: () =>
      import('./components/Spend').then(m => <m.SpendSummaryCard />),
  },
});

/** Skill card on skills. @alpha */
export const skillCard = EntityCardBlueprint.make({
  name: 'skill',
  params: {
    filter: isSkill,
    loader: () => import('./components/SkillCard').then(m => <m.SkillCard />),
  },
});

/** Skills, subagents and rules on Groups and Components. @alpha */
export const agentAssetsCard = EntityCardBlueprint.make({
  name: 'agent-assets',
  params: {
    filter: hasAgentAssets,
    loader: () =>
      import('./components/AgentAssetsCard').then(m => <m.AgentAssetsCard />),
  },
});

/** The SKILL.md, subagent prompt or rule text on its entity page. @alpha */
export const assetDocumentCard = EntityCardBlueprint.make({
  name: 'asset-document',
  params: {
    filter: hasAssetDocument,
    loader: () =>
      import('./components/AgentAssetsCard').then(m => <m.AssetDocumentCard />),
  },
});

/** MCP server card on MCP servers. @alpha */
export const mcpServerCard = EntityCardBlueprint.make({
  name: 'mcp-server',
  params: {
    filter: isMcpServer,
    loader: () =>
      import('./components/McpServerCard').then(m => <m.McpServerCard />),
  },
});

/** The Spend tab on Groups, Components and Users. @alpha */
export const spendContent = EntityContentBlueprint.make({
  name: 'spend',
  params: {
    path: '/agent-spend',
    title: 'Spend',
    filter: hasSpend,
    loader: () => import('./components/Spend').then(m => <m.SpendContent />),
  },
});

/** The exception requests client. @alpha */
export const agentPlatformExceptionsApi = ApiBlueprint.make({
  name: 'exceptions',
  params: defineParams =>
    defineParams({
      api: agentPlatformExceptionsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ExceptionsClient({ discoveryApi, fetchApi }),
    }),
});

/** Exceptions card on Groups: held exceptions, requests, approve and deny. @alpha */
export const exceptionsCard = EntityCardBlueprint.make({
  name: 'exceptions',
  params: {
    filter: isGroup,
    loader: () =>
      import('./components/ExceptionsCard').then(m => (
        <m.EntityExceptionsCard />
      )),
  },
});

/** Effective config history (a timeline) on Groups and Components. @alpha */
export const configHistoryCard = EntityCardBlueprint.make({
  name: 'config-history',
  params: {
    filter: entity => isGroup(entity) || isComponent(entity),
    loader: () =>
      import('./components/ConfigHistoryCard').then(m => (
        <m.EntityConfigHistoryCard />
      )),
  },
});

/** The platform overview page, in the nav. @alpha */
export const platformOverviewPage = PageBlueprint.make({
  params: {
    path: '/agent-platform',
    title: 'Agent Platform',
    icon: <DashboardIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/PlatformOverviewPage').then(m => (
        <m.PlatformOverviewPage />
      )),
  },
});

/** My spend: the signed-in engineer's own usage, in the nav. @alpha */
export const mySpendPage = PageBlueprint.make({
  name: 'my-spend',
  params: {
    path: '/agent-platform/my-spend',
    title: 'My agent spend',
    icon: <DashboardIcon fontSize="inherit" />,
    routeRef: mySpendRouteRef,
    loader: () =>
      import('./components/MySpendPage').then(m => <m.MySpendPage />),
  },
});

const fields = () => import('./scaffolder/alphaFormFields');

/** Scaffolder field: the owning team, defaulting to the user's. @alpha */
export const teamPickerField = FormFieldBlueprint.make({
  name: 'team-picker',
  params: { field: () => fields().then(m => m.teamPickerFormField) },
});

/** Scaffolder field: the base release the repository pins. @alpha */
export const baseReleaseField = FormFieldBlueprint.make({
  name: 'base-release',
  params: { field: () => fields().then(m => m.baseReleaseFormField) },
});

/** Scaffolder field: the skills the team may add. @alpha */
export const skillPickerField = FormFieldBlueprint.make({
  name: 'skill-picker',
  params: { field: () => fields().then(m => m.skillPickerFormField) },
});

/** Scaffolder field: the MCP servers the team may add. @alpha */
export const mcpServerPickerField = FormFieldBlueprint.make({
  name: 'mcp-server-picker',
  params: { field: () => fields().then(m => m.mcpServerPickerFormField) },
});

/** Scaffolder field: the agent tools the repository gets files for. @alpha */
export const agentToolsPickerField = FormFieldBlueprint.make({
  name: 'agent-tools-picker',
  params: { field: () => fields().then(m => m.agentToolsPickerFormField) },
});

/** Scaffolder field: a description checked as the user types. @alpha */
export const descriptionField = FormFieldBlueprint.make({
  name: 'description',
  params: { field: () => fields().then(m => m.descriptionFormField) },
});

/** Scaffolder field: the preview of every generated agent file. @alpha */
export const filesPreviewField = FormFieldBlueprint.make({
  name: 'files-preview',
  params: { field: () => fields().then(m => m.filesPreviewFormField) },
});

/**
 * The agent-platform frontend plugin for the new frontend system.
 *
 * @alpha
 */
export const agentPlatformPlugin = createFrontendPlugin({
  pluginId: 'agent-platform',
  title: 'Agent Platform',
  icon: <DashboardIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef, mySpend: mySpendRouteRef },
  extensions: [
    agentPlatformApi,
    agentPlatformExceptionsApi,
    baseVersionCard,
    baseReleasesCard,
    stalenessCard,
    permissionScopesCard,
    spendCard,
    skillCard,
    agentAssetsCard,
    assetDocumentCard,
    mcpServerCard,
    spendContent,
    exceptionsCard,
    configHistoryCard,
    platformOverviewPage,
    mySpendPage,
    teamPickerField,
    baseReleaseField,
    skillPickerField,
    mcpServerPickerField,
    agentToolsPickerField,
    descriptionField,
    filesPreviewField,
  ],
});

export default agentPlatformPlugin;
