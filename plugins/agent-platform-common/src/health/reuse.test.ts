import { measureReuse, weekStartOf } from './reuse';

describe('measureReuse', () => {
  it('counts teams adding registry assets apart from teams with only their own', () => {
    const measure = measureReuse({
      teams: [
        { team: 'group:default/a', skills: ['airesource:default/org-skill'], mcpServers: [] },
        { team: 'group:default/b', skills: ['airesource:default/b-skill'], mcpServers: ['api:default/b-server'] },
        { team: 'group:default/c', skills: [], mcpServers: ['api:default/b-server'] },
        { team: 'group:default/d', skills: ['airesource:default/unknown'], mcpServers: [] },
      ],
      skills: [
        { ref: 'airesource:default/org-skill', scope: 'org', owner: 'group:default/platform' },
        { ref: 'airesource:default/b-skill', scope: 'team', owner: 'group:default/b' },
        { ref: 'airesource:default/d-skill', scope: 'team', owner: 'group:default/d' },
      ],
      mcpServers: [{ ref: 'api:default/b-server', owner: 'group:default/b' }],
      repos: [
        { component: 'component:default/x', servers: ['api:default/b-server', null] },
        { component: 'component:default/y', servers: [null] },
        { component: 'component:default/z', servers: [] },
      ],
    });
    expect(measure).toEqual({
      teams: 4,
      teamsReusing: 2,
      teamsOwnOnly: 2,
      teamShare: 0.5,
      repos: 3,
      reposReusing: 1,
      repoShare: 0.333,
      registryAssets: 2,
      ownAssets: 5,
    });
  });
});

describe('weekStartOf', () => {
  it('is the Monday of the UTC week', () => {
    expect(weekStartOf(new Date('2026-12-06T23:00:00Z'))).toBe('2026-11-30');
    expect(weekStartOf(new Date('2026-11-30T00:00:00Z'))).toBe('2026-11-30');
  });
});
