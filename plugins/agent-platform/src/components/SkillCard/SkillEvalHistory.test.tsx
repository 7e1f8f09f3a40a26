import { screen, within } from '@testing-library/react';
import { SkillEvalHistory } from './SkillEvalHistory';
import { fakeApi, httpError } from '../../__testUtils__';
import { renderOnEntity } from '../../__testUtils__/render';

const run = (version: string, outcome: 'passed' | 'failed', ranAt: string) => ({
  skillRef: 'airesource:default/pci-checklist',
  version,
  outcome,
  suite: 'golden-prompts',
  counts: {
    passed: outcome === 'passed' ? 8 : 5,
    failed: outcome === 'passed' ? 0 : 3,
    skipped: 1,
    total: 9,
  },
  runUrl: `https://ci.example.com/runs/${ranAt}`,
  ranAt,
  receivedAt: ranAt,
  postedBy: 'skill-eval:default/pci-checklist',
});

describe('SkillEvalHistory', () => {
  it('shows the measured bar and every posted run, newest first', async () => {
    const api = fakeApi({
      getSkillEvals: async () => ({
        skill: 'airesource:default/pci-checklist',
        version: '1.2.0',
        bar: {
          status: 'failing',
          verified: true,
          declared: 'passing',
          latest: run('1.2.0', 'failed', '2026-12-05T10:00:00.000Z'),
        },
        results: [
          run('1.2.0', 'failed', '2026-12-05T10:00:00.000Z'),
          run('1.1.0', 'passed', '2026-12-01T10:00:00.000Z'),
        ],
      }),
    });
    renderOnEntity(
      <SkillEvalHistory
        skillRef="airesource:default/pci-checklist"
        declared="passing"
      />,
      { api },
    );
    const table = await screen.findByRole('table', { name: 'Evaluation runs' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => r.textContent)).toEqual([
      '2026-12-05 10:00, Opens in a new window1.2.0golden-promptsfailed5 / 3 / 1',
      '2026-12-01 10:00, Opens in a new window1.1.0golden-promptspassed8 / 0 / 1',
    ]);
    expect(screen.getByText('Evaluation').parentElement).toHaveTextContent(
      'failingmeasured golden-prompts: 5 of 9 passed, run 2026-12-05 (SKILL.md declares passing)',
    );
    expect(api.getSkillEvals).toHaveBeenCalledWith(
      'airesource:default/pci-checklist',
    );
  });

  it('shows a declared status as unverified when no run was posted for the version', async () => {
    const api = fakeApi({
      getSkillEvals: async () => ({
        skill: 'airesource:default/pci-checklist',
        version: '1.2.0',
        bar: { status: 'passing', verified: false, declared: 'passing' },
        results: [],
      }),
    });
    renderOnEntity(
      <SkillEvalHistory
        skillRef="airesource:default/pci-checklist"
        declared="passing"
      />,
      { api },
    );
    expect(
      await screen.findByText('No evaluation run was posted'),
    ).toBeInTheDocument();
    expect(screen.getByText('Evaluation').parentElement).toHaveTextContent(
      'passingunverified self-declared; no run posted for version 1.2.0',
    );
  });

  it('keeps the declared status, unverified, when the history cannot be read', async () => {
    const api = fakeApi({
      getSkillEvals: async () => {
        throw await httpError(500, 'database down');
      },
    });
    renderOnEntity(
      <SkillEvalHistory
        skillRef="airesource:default/pci-checklist"
        declared="passing"
      />,
      { api },
    );
    expect(
      await screen.findByText(/Evaluation runs not available/),
    ).toBeInTheDocument();
    expect(screen.getByText('unverified')).toBeInTheDocument();
  });
});
