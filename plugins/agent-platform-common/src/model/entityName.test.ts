import { entityNameFrom, isValidEntityName, toOwnerRef } from './entityName';

describe('isValidEntityName', () => {
  it.each(['a', 'org-base', 'A.b_c-1', 'x'.repeat(63)])('accepts %p', name =>
    expect(isValidEntityName(name)).toBe(true),
  );
  it.each(['', '-a', 'a-', 'a b', 'Org Base!', 'x'.repeat(64), 3, undefined])(
    'rejects %p',
    name => expect(isValidEntityName(name)).toBe(false),
  );
});

describe('entityNameFrom', () => {
  it('makes a valid name from a folder name, or none', () => {
    expect(entityNameFrom('Code Review!')).toBe('Code-Review');
    expect(entityNameFrom('__org-base__')).toBe('org-base');
    expect(entityNameFrom(`${'a'.repeat(62)}-b`)).toBe('a'.repeat(62));
    expect(entityNameFrom('___')).toBeUndefined();
  });
});

describe('toOwnerRef', () => {
  it('makes a bare owner a group ref and keeps refs', () => {
    expect(toOwnerRef('platform')).toBe('group:default/platform');
    expect(toOwnerRef('user:jane')).toBe('user:jane');
  });
});
