import { planFromPins, planUpgrades } from './planUpgrades';
import { BASE, repoFiles, SERVERS } from './__testUtils__/upgradeFixtures';

describe('planUpgrades', () => {
  it('says which repositories are behind, what each gets, and which are refused', async () => {
    const upToDate = repoFiles();
    upToDate['CLAUDE.md'] = upToDate['CLAUDE.md'].replace('@1.0.0', '@2.0.0');
    const broken = { ...repoFiles(), '.mcp.json': '{' };
    const plan = await planUpgrades({
      base: BASE,
      mcpServers: SERVERS,
      repos: [
        { ref: 'component:default/a', files: repoFiles() },
        { ref: 'component:default/b', files: upToDate },
        { ref: 'component:default/c', files: broken },
      ],
    });
    expect(plan).toEqual([
      {
        ref: 'component:default/a',
        status: 'behind',
        from: '1.0.0',
        to: '2.0.0',
        files: ['CLAUDE.md', '.claude/settings.json', '.mcp.json'],
        conflicts: 2,
      },
      {
        ref: 'component:default/b',
        status: 'up-to-date',
        from: '2.0.0',
        to: '2.0.0',
        files: [],
        conflicts: 0,
      },
      {
        ref: 'component:default/c',
        status: 'refused',
        error: expect.objectContaining({
          code: 'file-unparsable',
          file: '.mcp.json',
        }),
      },
    ]);
  });
});

describe('planFromPins', () => {
  it('plans from the pins alone, one release diff per pinned version', () => {
    const plan = planFromPins({
      base: BASE,
      repos: [
        { ref: 'a', pin: '1.0.0' },
        { ref: 'b', pin: '1.0.0' },
        { ref: 'c', pin: '2.0.0' },
        { ref: 'd', pin: '0.1.0' },
        { ref: 'e' },
      ],
    });
    expect(plan.map(p => [p.ref, p.status, p.from, p.to])).toEqual([
      ['a', 'behind', '1.0.0', '2.0.0'],
      ['b', 'behind', '1.0.0', '2.0.0'],
      ['c', 'up-to-date', '2.0.0', '2.0.0'],
      ['d', 'unknown-pin', undefined, '2.0.0'],
      ['e', 'unknown-pin', undefined, '2.0.0'],
    ]);
    expect(plan[0].diff).toBe(plan[1].diff);
    expect(plan[0].diff?.mcpServers.added).toEqual(['api:default/sentry']);
    expect(() => planFromPins({ base: BASE, to: '9.0.0', repos: [] })).toThrow(
      'org-base has no release 9.0.0',
    );
  });
});
