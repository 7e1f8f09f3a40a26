import {
  hasBaseVersion,
  hasPermissionScopes,
  hasSpend,
  isAgentConfig,
  isMcpServer,
  isSkill,
} from './filters';
import { entities } from '../__testUtils__';

describe('entity filters', () => {
  const e = entities;
  it.each([
    [
      'Group',
      e.checkout,
      { base: true, scopes: true, spend: true, skill: false, mcp: false },
    ],
    [
      'Component',
      e.cartService,
      { base: true, scopes: true, spend: true, skill: false, mcp: false },
    ],
    [
      'User',
      e.jonas,
      { base: false, scopes: false, spend: true, skill: false, mcp: false },
    ],
    [
      'agent config',
      e.checkoutTeamConfig,
      { base: true, scopes: true, spend: false, skill: false, mcp: false },
    ],
    [
      'skill',
      e.pciChecklist,
      { base: false, scopes: false, spend: false, skill: true, mcp: false },
    ],
    [
      'subagent',
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'AiResource',
        metadata: { name: 'security-reviewer' },
        spec: { type: 'subagent', lifecycle: 'production', owner: 'platform' },
      },
      { base: false, scopes: false, spend: true, skill: false, mcp: false },
    ],
    [
      'MCP server',
      e.github,
      { base: false, scopes: true, spend: false, skill: false, mcp: true },
    ],
  ])('%s', (_, entity, expected) => {
    expect({
      base: hasBaseVersion(entity),
      scopes: hasPermissionScopes(entity),
      spend: hasSpend(entity),
      skill: isSkill(entity),
      mcp: isMcpServer(entity),
    }).toEqual(expected);
  });

  it('ignores other API types and AiResource types', () => {
    const openapi = {
      ...e.github,
      spec: { ...e.github.spec, type: 'openapi' },
    };
    expect(isMcpServer(openapi)).toBe(false);
    expect(hasPermissionScopes(openapi)).toBe(false);
    const prompt = { ...e.pciChecklist, spec: { type: 'prompt' } };
    expect(isSkill(prompt)).toBe(false);
    expect(isAgentConfig(prompt)).toBe(false);
  });
});
