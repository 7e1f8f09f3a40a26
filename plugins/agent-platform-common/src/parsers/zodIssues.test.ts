import { z } from 'zod';
import { zodErrorToParseIssues } from './zodIssues';

describe('zodErrorToParseIssues', () => {
  it('names the field and its line', () => {
    const result = z
      .object({ args: z.array(z.string()) })
      .safeParse({ args: 'x' });
    expect(result.success).toBe(false);
    const issues = zodErrorToParseIssues(result.error!, {
      file: '.mcp.json',
      rule: 'mcp-invalid-field',
      basePath: ['mcpServers', 'db'],
      lineOf: path => path.length + 1,
    });
    expect(issues).toEqual([
      expect.objectContaining({
        file: '.mcp.json',
        rule: 'mcp-invalid-field',
        line: 4,
        severity: 'error',
      }),
    ]);
    expect(issues[0].message).toMatch(/^mcpServers\.db\.args: /);
  });
});
