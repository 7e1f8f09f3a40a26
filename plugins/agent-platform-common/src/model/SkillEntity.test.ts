import { isSkillEntity, validateSkillEntity } from './SkillEntity';

const skill = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'AiResource',
  metadata: {
    name: 'code-review',
    title: 'Code review',
    annotations: {
      'backstage.io/source-location':
        'url:https://github.com/acme/agent-skills/tree/main/skills/code-review/',
    },
  },
  spec: {
    type: 'skill',
    lifecycle: 'production',
    owner: 'group:default/platform',
    system: 'agent-platform',
    allowedTools: 'Read Grep Glob Bash(git diff:*)',
    agents: ['claude-code'],
    version: '1.4.0',
    scope: 'org',
    evalStatus: 'passing',
  },
};

describe('SkillEntity', () => {
  it('accepts the documented skill and keeps unknown fields', () => {
    const result = validateSkillEntity({
      ...skill,
      spec: { ...skill.spec, disciplines: ['web'], extra: 1 },
    });
    expect(result.success).toBe(true);
    expect(result.success && result.entity.spec).toMatchObject({ extra: 1 });
  });

  it('accepts a skill without the suite fields (upstream-only)', () => {
    const { version, scope, evalStatus, ...upstream } = skill.spec;
    expect(validateSkillEntity({ ...skill, spec: upstream }).success).toBe(
      true,
    );
  });

  it('rejects a bad version, scope and evalStatus with paths', () => {
    const result = validateSkillEntity({
      ...skill,
      spec: {
        ...skill.spec,
        version: 'v1.4',
        scope: 'world',
        evalStatus: 'ok',
      },
    });
    expect(result.success).toBe(false);
    expect(!result.success && result.issues.map(i => i.path).sort()).toEqual([
      'spec.evalStatus',
      'spec.scope',
      'spec.version',
    ]);
  });

  it('allows replacedBy only on deprecated skills', () => {
    const replaced = { ...skill.spec, replacedBy: 'airesource:default/x' };
    expect(validateSkillEntity({ ...skill, spec: replaced }).success).toBe(
      false,
    );
    expect(
      validateSkillEntity({
        ...skill,
        spec: { ...replaced, lifecycle: 'deprecated' },
      }).success,
    ).toBe(true);
  });

  it('guards on kind and spec.type only', () => {
    expect(isSkillEntity(skill)).toBe(true);
    expect(isSkillEntity({ ...skill, kind: 'API' })).toBe(false);
    expect(isSkillEntity({ ...skill, spec: { type: 'rule' } })).toBe(false);
    expect(isSkillEntity(null)).toBe(false);
  });
});
