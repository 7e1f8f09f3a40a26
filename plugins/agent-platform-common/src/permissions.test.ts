import {
  agentPlatformOverviewReadPermission,
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
    ]);
  });
});
