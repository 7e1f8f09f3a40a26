import { checkScaffoldOwner, groupsOfUser, teamsOfUser } from './owner';

const group = (name: string, type: string) => ({
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type },
});
const PLATFORM = 'group:default/platform';
const elena = {
  ref: 'user:default/elena.sokolova',
  groups: ['group:default/payments'],
};

describe('checkScaffoldOwner', () => {
  it('accepts a team the user belongs to', () => {
    expect(
      checkScaffoldOwner({
        owner: 'payments',
        ownerEntity: group('payments', 'team'),
        user: elena,
        platformTeam: PLATFORM,
      }),
    ).toEqual([]);
  });

  it('refuses a team the user is not in, naming the user’s teams', () => {
    expect(
      checkScaffoldOwner({
        owner: 'group:default/data-eng',
        ownerEntity: group('data-eng', 'team'),
        user: elena,
        platformTeam: PLATFORM,
      }),
    ).toEqual([
      {
        field: 'owner',
        message:
          'user:default/elena.sokolova is not a member of group:default/data-eng; choose one of your teams (group:default/payments), or ask the platform team',
      },
    ]);
  });

  it('refuses a department, even for the platform team', () => {
    const [p] = checkScaffoldOwner({
      owner: 'engineering',
      ownerEntity: group('engineering', 'department'),
      user: { groups: [PLATFORM] },
      platformTeam: PLATFORM,
    });
    expect(p.message).toBe(
      'group:default/engineering is a department, not a team; a repository is owned by the team that maintains it',
    );
  });

  it('lets the platform team pick any team', () => {
    expect(
      checkScaffoldOwner({
        owner: 'data-eng',
        ownerEntity: group('data-eng', 'team'),
        user: { ref: 'user:default/dana.kim', groups: [PLATFORM] },
        platformTeam: PLATFORM,
      }),
    ).toEqual([]);
  });

  it('refuses a user with no team, and owners that are not groups', () => {
    expect(
      checkScaffoldOwner({
        owner: 'payments',
        ownerEntity: group('payments', 'team'),
        user: { ref: 'user:default/new.hire', groups: [] },
        platformTeam: PLATFORM,
      })[0].message,
    ).toContain('user:default/new.hire belongs to no team in the catalog');
    expect(
      checkScaffoldOwner({
        owner: 'user:default/elena.sokolova',
        user: elena,
        platformTeam: PLATFORM,
      })[0].message,
    ).toContain('is not a group name or ref');
    expect(
      checkScaffoldOwner({
        owner: 'group:default/nope',
        user: elena,
        platformTeam: PLATFORM,
      })[0].message,
    ).toBe('The team group:default/nope is not in the catalog');
  });
});

describe('teamsOfUser', () => {
  it('keeps the teams among the user’s groups', () => {
    expect(
      teamsOfUser(
        { groups: ['group:default/payments', 'group:default/engineering'] },
        [
          group('engineering', 'department'),
          group('payments', 'team'),
          group('search', 'team'),
        ],
      ),
    ).toEqual(['group:default/payments']);
  });
});

describe('groupsOfUser', () => {
  it('joins sign-in ownership refs and memberOf, relations or spec', () => {
    expect(
      groupsOfUser({
        ownershipEntityRefs: ['user:default/x', 'group:default/Platform'],
        userEntity: {
          metadata: { namespace: 'default' },
          spec: { memberOf: ['payments', 'group:ops/infra'] },
          relations: [{ type: 'memberOf', targetRef: 'group:default/search' }],
        },
      }),
    ).toEqual([
      'group:default/payments',
      'group:default/platform',
      'group:default/search',
      'group:ops/infra',
    ]);
    expect(groupsOfUser({})).toEqual([]);
  });
});
