import { screen, within } from '@testing-library/react';
import { fakeApi, platformOverview } from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';
import { AllViolations } from './AllViolations';

const cells = (row: HTMLElement) =>
  within(row)
    .queryAllByRole('cell')
    .map(c => c.textContent);

describe('AllViolations', () => {
  it('lists violations errors first, then the exceptions in force', async () => {
    await renderOnEntity(<AllViolations overview={platformOverview} />, {
      api: fakeApi(),
    });
    const violations = screen.getByRole('table', { name: 'Violations' });
    expect(
      within(violations)
        .getAllByRole('row')
        .slice(1)
        .map(r => cells(r)[0]),
    ).toEqual(['Error', 'Error', 'Warning', 'Warning', 'Warning', 'Warning']);
    expect(violations).toHaveTextContent('deny-overridden');
    const exceptions = screen.getByRole('table', { name: 'Exceptions' });
    expect(exceptions).toHaveTextContent('2027-01-31');
    expect(exceptions).toHaveTextContent(
      'mcp-server-restricted: postgres-prod',
    );
    expect(
      within(exceptions).getByRole('link', { name: 'postgres-prod' }),
    ).toHaveAttribute('href', '/catalog/default/api/postgres-prod');
    // Refs in a message are links: the expired exception names its approver.
    expect(violations).not.toHaveTextContent('user:default/');
    expect(
      within(violations).getByRole('link', { name: 'marcus.webb' }),
    ).toHaveAttribute('href', '/catalog/default/user/marcus.webb');
    // Who approved is a link to the user, never a raw ref.
    expect(exceptions).not.toHaveTextContent('user:default/');
    expect(
      within(exceptions).getByRole('link', { name: 'dana.kim' }),
    ).toHaveAttribute('href', '/catalog/default/user/dana.kim');
  });

  it('shows only the violations of the filtered severity, each with where to act', async () => {
    await renderOnEntity(
      <AllViolations
        overview={platformOverview}
        severity={s => s === 'error'}
      />,
      { api: fakeApi() },
    );
    const violations = screen.getByRole('table', { name: 'Violations' });
    const rows = within(violations).getAllByRole('row').slice(1);
    expect(rows.map(r => cells(r).slice(0, 2))).toEqual([
      ['Error', 'checkout'],
      ['Error', 'data-eng'],
    ]);
    expect(
      within(rows[0]).getByRole('link', {
        name: 'Fix or request an exception',
      }),
    ).toHaveAttribute('href', '/catalog/default/group/checkout');
  });

  it("links a subagent's refused tool to the subagent, the thing to change", async () => {
    const overview = {
      ...platformOverview,
      teams: platformOverview.teams.map(t =>
        t.team === 'group:default/payments'
          ? {
              ...t,
              ok: false,
              violations: [
                {
                  rule: 'subagent-tool-denied' as const,
                  severity: 'error' as const,
                  layer: 'team:payments-agent-config',
                  item: 'Read(./.env)',
                  message:
                    'The subagent airesource:default/pci-evidence-collector lists Read(./.env), which the deny rule Read(./.env) (base@2.4.0) refuses: the subagent cannot use it for this team',
                  conflictsWith: { item: 'Read(./.env)', layer: 'base@2.4.0' },
                  asset: 'airesource:default/pci-evidence-collector',
                },
              ],
            }
          : t,
      ),
    };
    await renderOnEntity(
      <AllViolations overview={overview} severity={s => s === 'error'} />,
      { api: fakeApi() },
    );
    const violations = screen.getByRole('table', { name: 'Violations' });
    const row = within(violations)
      .getAllByRole('row')
      .find(r => cells(r).includes('subagent-tool-denied'))!;
    expect(
      within(row).getByRole('link', { name: 'Fix the subagent' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/airesource/pci-evidence-collector',
    );
    expect(
      within(row).queryByRole('link', { name: 'Fix or request an exception' }),
    ).toBeNull();
  });
});
