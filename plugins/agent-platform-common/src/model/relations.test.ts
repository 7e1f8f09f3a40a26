import {
  AGENT_PLATFORM_RELATION_PAIRS,
  RELATION_EXTENDED_BY,
  RELATION_EXTENDS,
} from './relations';

describe('relations', () => {
  it('names every relation and its reverse exactly once', () => {
    const names = AGENT_PLATFORM_RELATION_PAIRS.flatMap(p => [
      p.type,
      p.reverse,
    ]);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([
      'extends',
      'extendedBy',
      'usesSkill',
      'skillUsedBy',
      'usesMcpServer',
      'mcpServerUsedBy',
      'agentConfigOf',
      'hasAgentConfig',
      'replacedBy',
      'replaces',
      'definedIn',
      'defines',
    ]);
  });

  it('pairs extends with extendedBy', () => {
    expect(
      AGENT_PLATFORM_RELATION_PAIRS.find(p => p.type === RELATION_EXTENDS)
        ?.reverse,
    ).toBe(RELATION_EXTENDED_BY);
  });
});
