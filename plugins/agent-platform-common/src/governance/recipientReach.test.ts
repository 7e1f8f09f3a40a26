import { recipientsReachingAUser, RecipientEntity } from './recipientReach';

const group = (
  members: string[],
  children: string[] = [],
): RecipientEntity => ({
  kind: 'Group',
  relations: [
    ...members.map(targetRef => ({ type: 'hasMember', targetRef })),
    ...children.map(targetRef => ({ type: 'parentOf', targetRef })),
  ],
});

describe('recipientsReachingAUser', () => {
  const entities = new Map<string, RecipientEntity>([
    ['group:default/payments', group(['user:default/grace.liu'])],
    ['group:default/ghost', group([])],
    ['group:default/engineering', group([], ['group:default/payments'])],
    ['group:default/hollow', group([], ['group:default/ghost'])],
    ['group:default/a', group([], ['group:default/b'])],
    ['group:default/b', group([], ['group:default/a', 'group:default/c'])],
    ['group:default/c', group(['user:default/dana.kim'])],
    ['group:default/d', group([], ['group:default/e'])],
    ['group:default/e', group([], ['group:default/d'])],
    [
      'airesource:default/ghost-agent-config',
      {
        kind: 'AiResource',
        relations: [{ type: 'ownedBy', targetRef: 'group:default/ghost' }],
      },
    ],
    [
      'component:default/cart-service',
      {
        kind: 'Component',
        relations: [{ type: 'ownedBy', targetRef: 'group:default/payments' }],
      },
    ],
  ]);

  it('keeps users, groups with members below them, and entities whose owner has members', () => {
    expect(
      [
        ...recipientsReachingAUser(
          [
            'user:default/anyone',
            'group:default/payments',
            'group:default/engineering',
            'component:default/cart-service',
            'group:default/ghost',
            'group:default/hollow',
            'airesource:default/ghost-agent-config',
            'group:default/not-in-the-catalog',
          ],
          entities,
        ),
      ].sort(),
    ).toEqual([
      'component:default/cart-service',
      'group:default/engineering',
      'group:default/payments',
      'user:default/anyone',
    ]);
  });

  it('ends on a cycle in the group tree, and still finds members past it', () => {
    expect(
      [
        ...recipientsReachingAUser(
          [
            'group:default/a',
            'group:default/b',
            'group:default/d',
            'group:default/e',
          ],
          entities,
        ),
      ].sort(),
    ).toEqual(['group:default/a', 'group:default/b']);
  });
});
