import { attributeSpend, buildSpendAttributionIndex } from './attribution';

const index = buildSpendAttributionIndex([
  {
    kind: 'Group',
    metadata: { name: 'payments', title: 'Payments' },
    spec: { type: 'team', members: ['bo'] },
  },
  {
    kind: 'Group',
    metadata: { name: 'engineering' },
    spec: { type: 'department' },
  },
  {
    kind: 'Group',
    metadata: { name: 'search', namespace: 'default' },
    spec: { type: 'team' },
  },
  {
    kind: 'User',
    metadata: { name: 'ana' },
    spec: {
      profile: { email: 'Ana@Acme.example' },
      memberOf: ['engineering', 'group:default/search'],
    },
  },
  {
    kind: 'User',
    metadata: { name: 'bo' },
    spec: { profile: { email: 'bo@acme.example' } },
  },
  {
    kind: 'User',
    metadata: { name: 'cy' },
    spec: { profile: { email: 'cy@acme.example' }, memberOf: ['engineering'] },
  },
  { kind: 'User', metadata: { name: 'di' }, spec: {} },
]);

describe('attributeSpend', () => {
  it('indexes teams, users by e-mail and memberships', () => {
    expect(index.teams).toEqual([
      { ref: 'group:default/payments', title: 'Payments' },
      { ref: 'group:default/search', title: 'search' },
    ]);
    expect([...index.users]).toEqual([
      [
        'ana@acme.example',
        { ref: 'user:default/ana', team: 'group:default/search' },
      ],
      [
        'bo@acme.example',
        { ref: 'user:default/bo', team: 'group:default/payments' },
      ],
      [
        'cy@acme.example',
        { ref: 'user:default/cy', team: 'group:default/engineering' },
      ],
    ]);
    expect(index.memberships.get('user:default/ana')).toEqual([
      'group:default/engineering',
      'group:default/search',
    ]);
  });

  it.each([
    [{ teamId: 'payments' }, { team: 'group:default/payments', user: null }],
    [
      { teamId: 'Group:Default/Payments' },
      { team: 'group:default/payments', user: null },
    ],
    [
      { teamId: 'default/search' },
      { team: 'group:default/search', user: null },
    ],
    [
      { teamId: 'payments', userEmail: 'ANA@acme.example' },
      { team: 'group:default/payments', user: 'user:default/ana' },
    ],
    [
      { teamId: 'nobody', userEmail: 'ana@acme.example' },
      { team: 'group:default/search', user: 'user:default/ana' },
    ],
    [
      { userEmail: 'bo@acme.example' },
      { team: 'group:default/payments', user: 'user:default/bo' },
    ],
    [
      { userEmail: 'cy@acme.example' },
      { team: 'group:default/engineering', user: 'user:default/cy' },
    ],
    [
      { userEmail: 'zed@else.example' },
      { team: null, user: 'zed@else.example' },
    ],
    [{ teamId: "x'; DROP TABLE spend_points; --" }, { team: null, user: null }],
    [{}, { team: null, user: null }],
  ])('attributes %j to %j', (attributes, expected) => {
    expect(attributeSpend(attributes, index)).toEqual(expected);
  });
});
