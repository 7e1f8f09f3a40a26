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
      'mcp-server-restricted: api:default/postgres-prod',
    );
  });
});
