import { fireEvent, screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { AssetPicker } from './AssetPicker';
import { paymentsOptions } from '../../scaffolder/__testUtils__/fieldTestApp';

describe('AssetPicker', () => {
  it('shows scope, status, risk, deprecation and exceptions; only allowed, not included items can be ticked', async () => {
    const onChange = jest.fn();
    await renderInTestApp(
      <AssetPicker
        label="Extra MCP servers"
        choices={paymentsOptions.mcpServers}
        value={[]}
        onChange={onChange}
      />,
    );
    expect(screen.getByLabelText('docs-search')).not.toBeDisabled();
    expect(screen.getByText('risk low')).toBeInTheDocument();
    // Restricted, under the team's exception, and already in the team config.
    expect(screen.getByLabelText('postgres-prod')).toBeChecked();
    expect(screen.getByLabelText('postgres-prod')).toBeDisabled();
    expect(screen.getByText('exception until 2027-01-31')).toBeInTheDocument();
    expect(
      screen.getByText('included by team:payments-agent-config'),
    ).toBeInTheDocument();
    // Denied: shown, with the reason, and not selectable.
    expect(screen.getByLabelText('shell-admin')).toBeDisabled();
    expect(
      screen.getByText('not available: denied by the allowlist'),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByLabelText('docs-search'));
    expect(onChange).toHaveBeenCalledWith(['docs-search']);
  });

  it('marks deprecated skills and lets selected ones be removed', async () => {
    const onChange = jest.fn();
    await renderInTestApp(
      <AssetPicker
        label="Extra skills"
        choices={paymentsOptions.skills}
        value={['write-adr']}
        onChange={onChange}
      />,
    );
    expect(screen.getByText('deprecated')).toBeInTheDocument();
    expect(screen.getByLabelText('changelog-writer')).toBeDisabled();
    expect(screen.getAllByText('scope org')).toHaveLength(2);
    fireEvent.click(screen.getByLabelText('write-adr'));
    expect(onChange).toHaveBeenCalledWith([]);
  });
});
