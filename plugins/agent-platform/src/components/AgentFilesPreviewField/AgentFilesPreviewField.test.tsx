import { fireEvent, screen, waitFor } from '@testing-library/react';
import { AgentFilesPreviewField } from './AgentFilesPreviewField';
import {
  fakeBackend,
  fieldProps,
  renderField,
} from '../../scaffolder/__testUtils__/fieldTestApp';
import { validatePreview } from '../../scaffolder/formFields';

const values = {
  name: 'refunds-api',
  owner: 'group:default/payments',
  description: 'Refunds.',
  skills: ['write-adr'],
  baseVersion: '2.4.0',
  repoUrl: 'github.com?owner=acme&repo=refunds-api',
};

describe('AgentFilesPreviewField', () => {
  it('shows every generated file, rendered by the backend, and passes', async () => {
    const onChange = jest.fn();
    const backend = fakeBackend({
      preview: () => ({
        ok: true,
        problems: [],
        pin: 'org-base@2.4.0',
        files: {
          'CLAUDE.md':
            '<!-- agent-platform: extends: org-base@2.4.0 -->\n# refunds-api',
          'AGENTS.md': '# refunds-api\n\n> Refunds.',
          '.mcp.json': '{ "mcpServers": {} }',
          '.claude/settings.json': '{}',
        },
        skills: ['pci-checklist', 'write-adr'],
        mcpServers: [],
        variables: ['GITHUB_MCP_URL'],
        warnings: [],
      }),
    });
    await renderField(
      <AgentFilesPreviewField {...fieldProps<boolean>({ onChange, values })} />,
      backend,
    );
    expect(await screen.findByTestId('preview-file')).toHaveTextContent(
      'extends: org-base@2.4.0',
    );
    fireEvent.click(screen.getByRole('tab', { name: 'AGENTS.md' }));
    expect(screen.getByTestId('preview-file')).toHaveTextContent('> Refunds.');
    expect(
      screen.getByRole('tab', { name: '.claude/settings.json' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Skills copied into .claude/skills/: pci-checklist, write-adr',
      ),
    ).toBeInTheDocument();
    await waitFor(() => expect(onChange).toHaveBeenCalledWith(true));
    // The engine's inputs only; the repository location is not one.
    expect(backend.calls.find(c => c.path.endsWith('/preview'))?.body).toEqual({
      name: 'refunds-api',
      owner: 'group:default/payments',
      description: 'Refunds.',
      skills: ['write-adr'],
      baseVersion: '2.4.0',
    });
  });

  it('lists the problems by field and does not pass', async () => {
    const onChange = jest.fn();
    const backend = fakeBackend({
      preview: () => ({
        ok: false,
        problems: [
          {
            field: 'skills',
            message:
              'airesource:default/changelog-writer is not one of the skills group:default/payments may use: deprecated',
          },
        ],
      }),
    });
    await renderField(
      <AgentFilesPreviewField {...fieldProps<boolean>({ onChange, values })} />,
      backend,
    );
    expect(
      await screen.findByText(/^skills: airesource:default\/changelog-writer/),
    ).toBeInTheDocument();
    await waitFor(() => expect(onChange).toHaveBeenCalledWith(false));
    const addError = jest.fn();
    validatePreview(false, { addError } as any);
    expect(addError).toHaveBeenCalledTimes(1);
  });
});
