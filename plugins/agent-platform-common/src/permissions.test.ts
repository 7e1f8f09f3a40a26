import {
  agentPlatformOverviewReadPermission,
  agentPlatformSpendImportPermission,
  agentPlatformSpendIngestPermission,
  agentPlatformSpendReadPermission,
  agentPlatformPermissions,
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
      'agent-platform.skill.eval.post',
    ]);
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
});
