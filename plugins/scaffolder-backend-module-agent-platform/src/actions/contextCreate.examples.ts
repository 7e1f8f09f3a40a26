import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Write the agent context of a new payments service: the current org base, the team's config and skills",
    example: yaml.stringify({
      steps: [
        {
          id: 'agentContext',
          action: 'agent-platform:context:create',
          name: 'Agent context',
          input: {
            owner: 'group:default/payments',
            name: 'refunds-api',
            description: 'Refund requests and their ledger entries.',
          },
        },
      ],
    }),
  },
  {
    description:
      'Add an extra skill and MCP server, with AGENTS.md holding everything (CLAUDE.md only imports it)',
    example: yaml.stringify({
      steps: [
        {
          id: 'agentContext',
          action: 'agent-platform:context:create',
          name: 'Agent context',
          input: {
            owner: 'search',
            name: 'query-suggest',
            skills: ['write-adr'],
            mcpServers: ['api:default/docs-search'],
            layout: 'bridge',
            targetPath: 'service',
          },
        },
      ],
    }),
  },
];
