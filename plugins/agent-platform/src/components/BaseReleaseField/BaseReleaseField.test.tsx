import { screen, waitFor } from '@testing-library/react';
import { BaseReleaseField } from './BaseReleaseField';
import {
  fakeBackend,
  fieldProps,
  renderField,
} from '../../scaffolder/__testUtils__/fieldTestApp';

describe('BaseReleaseField', () => {
  it("shows the release the repository pins and what the owner's team adds, and keeps its version", async () => {
    const onChange = jest.fn();
    const backend = fakeBackend({});
    await renderField(
      <BaseReleaseField
        {...fieldProps<string>({
          onChange,
          values: { owner: 'group:default/payments' },
        })}
      />,
      backend,
    );
    expect(await screen.findByTestId('pinned-release')).toHaveTextContent(
      'org-base@2.4.0',
    );
    expect(screen.getByText(/released 2026-10-28/)).toBeInTheDocument();
    expect(screen.getByTestId('team-adds')).toHaveTextContent(
      'Payments team agent config adds: skills pci-checklist; MCP servers postgres-prod; permission mode default; model claude-sonnet-4-6; 3 ask and 2 deny rules',
    );
    await waitFor(() => expect(onChange).toHaveBeenCalledWith('2.4.0'));
    expect(backend.calls[0].path).toBe(
      '/api/agent-platform/scaffold/options?owner=group%3Adefault%2Fpayments',
    );
  });
});
