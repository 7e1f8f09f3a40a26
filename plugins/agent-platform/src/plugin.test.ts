import { agentPlatformPlugin } from './plugin';

describe('agent-platform', () => {
  it('should export plugin', () => {
    expect(agentPlatformPlugin).toBeDefined();
  });
});
