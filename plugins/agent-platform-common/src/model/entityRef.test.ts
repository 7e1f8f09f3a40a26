import {
  entityRefOf,
  normalizeEntityRef,
  parseEntityRefLoose,
} from './entityRef';

describe('entity refs', () => {
  it('parses full refs and lower-cases them', () => {
    expect(parseEntityRefLoose('AiResource:Default/Code-Review')).toEqual({
      kind: 'airesource',
      namespace: 'default',
      name: 'code-review',
    });
  });

  it('fills in the default kind and namespace', () => {
    expect(normalizeEntityRef('github', 'API')).toBe('api:default/github');
    expect(normalizeEntityRef('payments/pci', 'AiResource')).toBe(
      'airesource:payments/pci',
    );
  });

  it('rejects text that is not a ref', () => {
    expect(normalizeEntityRef('github')).toBeUndefined();
    expect(normalizeEntityRef('')).toBeUndefined();
    expect(normalizeEntityRef('a b:c/d')).toBeUndefined();
    expect(normalizeEntityRef('api:a/b/c')).toBeUndefined();
  });

  it('computes the ref of an entity', () => {
    expect(entityRefOf({ kind: 'API', metadata: { name: 'GitHub' } })).toBe(
      'api:default/github',
    );
  });
});
