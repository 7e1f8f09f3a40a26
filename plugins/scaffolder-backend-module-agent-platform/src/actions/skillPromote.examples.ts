import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Move the payments team's pci-checklist skill into the org registry (it keeps its name; the team copy is deleted in the same or a second pull request)",
    example: yaml.stringify({
      steps: [
        {
          id: 'promote',
          action: 'agent-platform:skill:promote',
          name: 'Promote the skill',
          input: {
            skill: 'airesource:default/pci-checklist',
            registryRepoUrl:
              'github.com?owner=acme-financial&repo=agent-skills',
            registryPath: 'skills',
          },
        },
      ],
    }),
  },
  {
    description:
      'Promote dbt-model-review under a new org name; the team copy stays, deprecated, with replaced-by pointing at the org skill',
    example: yaml.stringify({
      steps: [
        {
          id: 'promote',
          action: 'agent-platform:skill:promote',
          name: 'Promote the skill',
          input: {
            skill: 'dbt-model-review',
            name: 'dbt-review',
            registryRepoUrl:
              'github.com?owner=acme-financial&repo=agent-skills',
            targetPath: 'registry',
            teamTargetPath: 'team',
          },
        },
      ],
    }),
  },
];
