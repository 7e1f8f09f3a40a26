import {
  agentPlatformExceptionDecidePermission,
  agentPlatformExceptionRequestPermission,
  agentPlatformOverviewReadPermission,
  agentPlatformSpendImportPermission,
  agentPlatformSpendIngestPermission,
  agentPlatformSpendReadPermission,
  agentPlatformPermissions,
  agentPlatformSkillPromotePermission,
} from './permissions';

describe('permissions', () => {
  it('defines the overview read permission as a basic read permission', () => {
    expect(agentPlatformOverviewReadPermission).toEqual({
      type: 'basic',
      name: 'agent-platform.overview.read',
      attributes: { action: 'read' },
    });
    expect(agentPlatformPermissions.map(p => p.name)).toEqual([
      'agent-platform.overview.read',
      'agent-platform.spend.read',
      'agent-platform.spend.ingest',
      'agent-platform.spend.import',
      'agent-platform.exception.request',
      'agent-platform.exception.decide',
      'agent-platform.skill.promote',
      'agent-platform.skill.eval.post',
      'agent-platform.campaign.start',
      'agent-platform.team.notify',
    ]);
  });

  it('defines exception requests per team and decisions as a basic permission', () => {
    expect(agentPlatformExceptionRequestPermission).toEqual({
      type: 'resource',
      name: 'agent-platform.exception.request',
      attributes: { action: 'create' },
      resourceType: 'agent-platform-team',
    });
    expect(agentPlatformExceptionDecidePermission).toEqual({
      type: 'basic',
      name: 'agent-platform.exception.decide',
      attributes: { action: 'update' },
    });
  });

  it('defines spend read as a resource permission on agent-platform-spend', () => {
    expect(agentPlatformSpendReadPermission).toEqual({
      type: 'resource',
      name: 'agent-platform.spend.read',
      attributes: { action: 'read' },
      resourceType: 'agent-platform-spend',
    });
  });

  it('defines spend ingestion and report import as basic create permissions', () => {
    expect([
      agentPlatformSpendIngestPermission,
      agentPlatformSpendImportPermission,
    ]).toEqual([
      {
        type: 'basic',
        name: 'agent-platform.spend.ingest',
        attributes: { action: 'create' },
      },
      {
        type: 'basic',
        name: 'agent-platform.spend.import',
        attributes: { action: 'create' },
      },
    ]);
  });

  it('defines skill promotion as a resource permission on catalog entities', () => {
    expect(agentPlatformSkillPromotePermission).toEqual({
      type: 'resource',
      name: 'agent-platform.skill.promote',
      attributes: { action: 'update' },
      resourceType: 'catalog-entity',
    });
  });
});
