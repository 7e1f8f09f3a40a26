import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import agentPlatformPlugin, {
  baseVersionCard,
  mcpServerCard,
  permissionScopesCard,
  skillCard,
  spendCard,
  spendContent,
} from './alpha';
import { agentPlatformLegacyPlugin } from './plugin';
import defaultExport, {
  EntityBaseVersionCard,
  AgentPlatformPage,
} from './index';
import { entities } from './__testUtils__';

describe('agent-platform plugin', () => {
  it('is one plugin id for both systems, and the package default is the new-system plugin', () => {
    expect(agentPlatformPlugin.id).toBe('agent-platform');
    expect(agentPlatformLegacyPlugin.getId()).toBe('agent-platform');
    expect(defaultExport).toBe(agentPlatformPlugin);
    expect(EntityBaseVersionCard).toBeDefined();
    expect(AgentPlatformPage).toBeDefined();
  });

  const appliesTo = (extension: any, dataRef: any) => {
    const filter = createExtensionTester(extension).get(dataRef) as (
      e: any,
    ) => boolean;
    return Object.entries(entities)
      .filter(([, entity]) => filter(entity))
      .map(([name]) => name);
  };

  it('shows each card only where it applies', () => {
    const cardFilter = EntityCardBlueprint.dataRefs.filterFunction;
    expect(appliesTo(baseVersionCard, cardFilter)).toEqual([
      'checkout',
      'cartService',
      'checkoutWeb',
      'cartServiceRepoConfig',
      'checkoutTeamConfig',
      'paymentsTeamConfig',
      'payments',
      'platform',
    ]);
    expect(appliesTo(permissionScopesCard, cardFilter)).toEqual([
      'checkout',
      'cartService',
      'checkoutWeb',
      'cartServiceRepoConfig',
      'checkoutTeamConfig',
      'paymentsTeamConfig',
      'github',
      'payments',
      'platform',
    ]);
    expect(appliesTo(spendCard, cardFilter)).toEqual([
      'checkout',
      'cartService',
      'checkoutWeb',
      'payments',
      'platform',
      'jonas',
    ]);
    expect(appliesTo(skillCard, cardFilter)).toEqual([
      'pciChecklist',
      'changelogWriter',
      'orphanSkill',
    ]);
    expect(appliesTo(mcpServerCard, cardFilter)).toEqual(['github']);
    expect(
      appliesTo(spendContent, EntityContentBlueprint.dataRefs.filterFunction),
    ).toEqual([
      'checkout',
      'cartService',
      'checkoutWeb',
      'payments',
      'platform',
      'jonas',
    ]);
  });
});
