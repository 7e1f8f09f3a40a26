import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Upgrade a fetched repository to the latest release of its base and open a pull request with the changed files',
    example: yaml.stringify({
      steps: [
        {
          id: 'fetch',
          action: 'fetch:plain',
          input: {
            url: 'https://github.com/acme/cart-service/tree/main',
            targetPath: 'repo',
          },
        },
        {
          id: 'upgrade',
          action: 'agent-platform:base:upgrade',
          input: { sourcePath: 'repo', targetPath: 'upgrade' },
        },
        {
          id: 'pr',
          action: 'publish:github:pull-request',
          input: {
            repoUrl: 'github.com?owner=acme&repo=cart-service',
            sourcePath: 'upgrade',
            branchName: '${{ steps.upgrade.output.branchName }}',
            title: '${{ steps.upgrade.output.title }}',
            description: '${{ steps.upgrade.output.body }}',
          },
        },
      ],
    }),
  },
  {
    description: 'Upgrade to one given release, even a withdrawn one',
    example: yaml.stringify({
      steps: [
        {
          id: 'upgrade',
          action: 'agent-platform:base:upgrade',
          input: { sourcePath: 'repo', to: '2.3.0', force: true },
        },
      ],
    }),
  },
];
