import { screen, within } from '@testing-library/react';
import type {
  AssetDocument,
  EntityAgentAssets,
} from '@agent-platform/plugin-agent-platform-common';
import { ResponseError } from '@backstage/errors';
import { AgentAssetsCard } from './AgentAssetsCard';
import { AssetDocumentCard } from './AssetDocumentCard';
import { entities, fakeApi } from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';

const ASSETS: EntityAgentAssets = {
  target: 'group:default/payments',
  skills: [
    {
      ref: 'airesource:default/code-review',
      title: 'Code review',
      version: '1.4.0',
      source: 'org',
      layer: 'base@2.4.0',
      evalStatus: 'passing',
    },
    {
      ref: 'airesource:default/pci-checklist',
      title: 'PCI checklist',
      version: '1.2.0',
      source: 'team',
      layer: 'team:payments-agent-config',
      evalStatus: 'failing',
    },
  ],
  subagents: [
    {
      ref: 'airesource:default/pci-evidence-collector',
      title: 'pci-evidence-collector',
      version: '0.3.0',
      source: 'team',
      model: 'sonnet',
      tools: [
        {
          tool: 'Read',
          access: 'partly-denied',
          rule: { rule: 'Read(./.env)', layer: 'base@2.4.0' },
        },
        {
          tool: 'Read(./.env)',
          access: 'denied',
          rule: { rule: 'Read(./.env)', layer: 'base@2.4.0' },
        },
        { tool: 'Grep', access: 'allowed' },
      ],
    },
    {
      ref: 'airesource:default/payments-api-release-checker',
      title: 'release-checker',
      source: 'repo',
      component: 'component:default/payments-api',
    },
  ],
  rules: [
    {
      ref: 'airesource:default/api-errors',
      title: 'API errors',
      version: '1.2.0',
      source: 'org',
      paths: ['src/api/**/*.ts'],
    },
  ],
  violations: [
    {
      rule: 'subagent-tool-denied',
      severity: 'error',
      item: 'Read(./.env)',
      asset: 'airesource:default/pci-evidence-collector',
      message:
        'The subagent pci-evidence-collector lists Read(./.env), which the deny rule Read(./.env) (base@2.4.0) refuses',
      conflictsWith: { item: 'Read(./.env)', layer: 'base@2.4.0' },
    },
  ],
};

describe('AgentAssetsCard', () => {
  it("lists a team's skills, subagents and rules with source, version, evaluation and each tool's access", async () => {
    const api = fakeApi({ getAgentAssets: async () => ASSETS });
    renderOnEntity(<AgentAssetsCard />, { entity: entities.payments, api });
    const skills = await screen.findByRole('table', { name: 'Skills' });
    const rows = within(skills).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('Code review1.4.0inheritedpassing');
    expect(rows[2]).toHaveTextContent("PCI checklist1.2.0team's ownfailing");

    const subagents = screen.getByRole('table', { name: 'Subagents' });
    const [, collector, checker] = within(subagents).getAllByRole('row');
    expect(collector).toHaveTextContent(
      "pci-evidence-collector0.3.0team's ownsonnetRead partly deniedRead(./.env) deniedGrep allowed",
    );
    // The denied tool names the rule and layer that deny it.
    expect(
      within(collector).getByTitle('denied by Read(./.env) (base@2.4.0)'),
    ).toBeInTheDocument();
    expect(checker).toHaveTextContent(
      'release-checker-repositorypayments-apiinheritevery tool of the session',
    );

    expect(screen.getByRole('table', { name: 'Rules' })).toHaveTextContent(
      'API errors1.2.0inheritedsrc/api/**/*.ts',
    );
    // The violation links to the subagent to fix.
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('lists Read(./.env), which the deny rule');
    expect(
      within(alert).getByRole('link', { name: /pci-evidence-collector/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/airesource/pci-evidence-collector',
    );
    expect(api.getAgentAssets).toHaveBeenCalledWith('group:default/payments');
  });

  it('says when no config applies (404) and when a section is empty', async () => {
    const api = fakeApi({
      getAgentAssets: async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: { name: 'NotFoundError', message: 'no config' },
            }),
            {
              status: 404,
              statusText: 'Not Found',
              headers: { 'Content-Type': 'application/json' },
            },
          ) as any,
        );
      },
    });
    renderOnEntity(<AgentAssetsCard />, { entity: entities.payments, api });
    expect(
      await screen.findByText('No agent config applies here'),
    ).toBeInTheDocument();
  });

  it('shows "None apply here." for an empty section', async () => {
    const api = fakeApi({
      getAgentAssets: async () => ({ ...ASSETS, rules: [], violations: [] }),
    });
    renderOnEntity(<AgentAssetsCard />, { entity: entities.payments, api });
    expect(await screen.findByText('Rules (0)')).toBeInTheDocument();
    expect(screen.getByText('None apply here.')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('AssetDocumentCard', () => {
  it("renders a subagent's prompt as Markdown with its frontmatter and source", async () => {
    const doc: AssetDocument = {
      ref: 'airesource:default/security-reviewer',
      type: 'subagent',
      source: 'file:/examples/subagents/security-reviewer.md',
      frontmatter: 'name: security-reviewer\ntools: Read, Grep\n',
      body: '# Security reviewer\n\nYou review **one** change.\n',
    };
    const api = fakeApi({ getAssetDocument: async () => doc });
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'AiResource',
      metadata: { name: 'security-reviewer', namespace: 'default' },
      spec: {
        type: 'subagent',
        lifecycle: 'production',
        owner: 'group:default/platform',
      },
    };
    renderOnEntity(<AssetDocumentCard />, { entity, api });
    expect(
      await screen.findByRole('heading', { name: 'Security reviewer' }),
    ).toBeInTheDocument();
    expect(screen.getByText('one').tagName).toBe('STRONG');
    expect(screen.getByText('Subagent prompt')).toBeInTheDocument();
    expect(
      screen.getByText('/examples/subagents/security-reviewer.md'),
    ).toBeInTheDocument();
    expect(screen.getByText(/tools: Read, Grep/)).toBeInTheDocument();
    expect(api.getAssetDocument).toHaveBeenCalledWith(
      'airesource:default/security-reviewer',
    );
  });
});
