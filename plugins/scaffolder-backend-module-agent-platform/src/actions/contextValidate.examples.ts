import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Check the generated agent files before publishing; fails the task on any violation or drift',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          action: 'agent-platform:context:validate',
          name: 'Check agent files',
          input: { teamConfig: 'airesource:default/payments-agent-config' },
        },
      ],
    }),
  },
  {
    description:
      'Report only: keep going and use the outputs (ok, violations, drift) in later steps',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          action: 'agent-platform:context:validate',
          name: 'Check agent files',
          input: {
            path: 'service',
            failOnViolations: false,
            failOnDrift: false,
          },
        },
      ],
    }),
  },
];
