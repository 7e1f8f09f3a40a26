import { screen, within } from '@testing-library/react';
import { fakeApi, platformOverview } from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';
import { SkillReuseTable } from './SkillReuseTable';

const cells = (row: HTMLElement) =>
  within(row)
    .queryAllByRole('cell')
    .map(c => c.textContent);

describe('SkillReuseTable', () => {
  it('counts the teams listing each skill and those getting it from the base', async () => {
    await renderOnEntity(<SkillReuseTable reuse={platformOverview.skills} />, {
      api: fakeApi(),
    });
    const rows = within(screen.getByRole('table', { name: 'Skill reuse' }))
      .getAllByRole('row')
      .slice(1)
      .map(cells);
    expect(rows[0]).toEqual([
      'Code review',
      'platform',
      'org',
      '7',
      'Through the base: 7',
    ]);
    expect(rows.find(r => r[0] === 'PCI checklist')).toEqual([
      'PCI checklist',
      'payments',
      'team',
      '1',
      'payments',
    ]);
    expect(rows.find(r => r[0]?.startsWith('Changelog'))?.[0]).toContain(
      'Deprecated',
    );
  });

  it('says so when the catalog has no skills', async () => {
    await renderOnEntity(<SkillReuseTable reuse={[]} />, { api: fakeApi() });
    expect(screen.getByText('No skills in the catalog.')).toBeInTheDocument();
  });
});
