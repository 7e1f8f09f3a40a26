import {
  agentPlatformOverviewReadPermission,
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
});
