import {
  agentConfigSpecJsonSchema,
  mcpServerSpecJsonSchema,
  skillSpecJsonSchema,
  toCatalogModelSchema,
} from './jsonSchemas';

describe('JSON schemas', () => {
  it.each([
    ['skill', skillSpecJsonSchema],
    ['mcp-server', mcpServerSpecJsonSchema],
    ['agent-config', agentConfigSpecJsonSchema],
  ])('%s is a draft-07 object schema that is plain JSON', (type, schema) => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.type).toBe('object');
    expect((schema.properties as any).type.enum).toEqual([type]);
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  it('uses no conditionals at the top of a spec (catalog model layers forbid them)', () => {
    for (const schema of [
      skillSpecJsonSchema,
      mcpServerSpecJsonSchema,
      agentConfigSpecJsonSchema,
    ]) {
      for (const key of ['allOf', 'anyOf', 'oneOf', 'if', 'not', '$ref']) {
        expect(schema).not.toHaveProperty(key);
      }
    }
  });

  it('patterns accept exact semver and base refs only', () => {
    const props = agentConfigSpecJsonSchema.properties as any;
    const extendsPattern = new RegExp(props.extends.pattern);
    expect(extendsPattern.test('org-base@2.4.0')).toBe(true);
    expect(extendsPattern.test('org-base@2.4.0-rc.1')).toBe(true);
    expect(extendsPattern.test('org-base@v2.4.0')).toBe(false);
    expect(extendsPattern.test('org-base@2.4')).toBe(false);
    const version = new RegExp(
      (skillSpecJsonSchema.properties as any).version.pattern,
    );
    expect(version.test('1.4.0')).toBe(true);
    expect(version.test('01.4.0')).toBe(false);
  });

  it('wraps a spec schema for a catalog model layer', () => {
    const wrapped = toCatalogModelSchema(skillSpecJsonSchema) as any;
    expect(wrapped.type).toBe('object');
    expect(wrapped.properties.spec.$schema).toBeUndefined();
    expect(wrapped.properties.spec.$id).toBeUndefined();
    expect(wrapped.properties.spec.properties.scope.enum).toEqual([
      'org',
      'team',
    ]);
  });
});
