import { buildSpendAttributionIndex } from './attribution';
import { groupRollup, groupSubtree } from './groupTree';

const group = (name: string, spec: object = {}) => ({
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', ...spec },
});
const ref = (name: string) => `group:default/${name}`;

describe('the group tree', () => {
  it('rolls a department up through its teams, from children and from parents', () => {
    const index = buildSpendAttributionIndex([
      group('engineering', { type: 'department', children: ['payments', 'group:default/search'] }),
      group('payments', { parent: 'engineering', children: ['payments-api'] }),
      group('payments-api', {}),
      group('search', {}),
      // Listed by its parent only through spec.parent.
      group('checkout', { parent: 'group:default/engineering' }),
    ]);
    expect(groupSubtree(index.children, ref('engineering')).sort()).toEqual(
      ['checkout', 'engineering', 'payments', 'payments-api', 'search'].map(ref),
    );
    expect(groupRollup(index.children, ref('engineering')).children).toEqual([
      { ref: ref('checkout'), groups: [ref('checkout')] },
      { ref: ref('payments'), groups: [ref('payments'), ref('payments-api')] },
      { ref: ref('search'), groups: [ref('search')] },
    ]);
  });

  it('counts a team in two departments once in each', () => {
    const index = buildSpendAttributionIndex([
      group('engineering', { type: 'department', children: ['platform'] }),
      group('operations', { type: 'department', children: ['platform'] }),
      group('platform', {}),
    ]);
    expect(groupSubtree(index.children, ref('engineering'))).toEqual([ref('engineering'), ref('platform')]);
    expect(groupSubtree(index.children, ref('operations'))).toEqual([ref('operations'), ref('platform')]);
  });

  it('stops at a cycle in the group tree', () => {
    const index = buildSpendAttributionIndex([
      group('a', { children: ['b'] }),
      group('b', { children: ['c'] }),
      group('c', { children: ['a'] }),
    ]);
    expect(groupSubtree(index.children, ref('a')).sort()).toEqual([ref('a'), ref('b'), ref('c')]);
    // a's child b holds b and c, not a again.
    expect(groupRollup(index.children, ref('a')).children).toEqual([{ ref: ref('b'), groups: [ref('b'), ref('c')] }]);
  });

  it('gives a group with no members and no children only itself', () => {
    const index = buildSpendAttributionIndex([group('empty', { members: [] })]);
    expect(groupRollup(index.children, ref('empty'))).toEqual({ groups: [ref('empty')], children: [] });
  });
});
