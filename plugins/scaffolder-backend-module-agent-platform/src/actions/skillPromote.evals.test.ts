import type { SkillEvalResult } from '@agent-platform/plugin-agent-platform-common';
import { createSkillPromoteAction } from './skillPromote';
import { SkillEvalsSource } from './skillEvalsClient';
import { createActionHarness } from './__testUtils__/actionHarness';

/** The results the portal holds, per skill ref; `undefined`: unreachable. */
let posted: Record<string, SkillEvalResult[]> | undefined;
const evals: SkillEvalsSource = {
  async resultsFor(skillRef) {
    if (!posted) throw new Error('connect ECONNREFUSED 127.0.0.1:7007');
    return posted[skillRef] ?? [];
  },
};
const { setup, workspaceIsEmpty } = createActionHarness(deps =>
  createSkillPromoteAction({ ...deps, evals }),
);

const run = (version: string, outcome: 'passed' | 'failed', ranAt: string) =>
  ({
    skillRef: 'airesource:default/pci-checklist',
    version,
    outcome,
    suite: 'golden-prompts',
    counts: {
      passed: outcome === 'passed' ? 8 : 6,
      failed: outcome === 'passed' ? 0 : 2,
      skipped: 0,
      total: 8,
    },
    ranAt,
    receivedAt: ranAt,
    postedBy: 'skill-eval:default/pci-checklist',
  }) satisfies SkillEvalResult;

describe('agent-platform:skill:promote on the posted evaluation results', () => {
  it('promotes when the latest run of the SKILL.md version passed', async () => {
    posted = {
      'airesource:default/pci-checklist': [
        run('2.0.1', 'failed', '2026-12-01T00:00:00.000Z'),
        run('2.0.1', 'passed', '2026-12-02T00:00:00.000Z'),
      ],
    };
    const { run: promote } = await setup();
    await promote({ skill: 'pci-checklist' });
    expect(workspaceIsEmpty()).toBe(false);
  });

  it('refuses a skill whose eval-status says passing but whose latest run failed, or that has none', async () => {
    posted = {
      'airesource:default/pci-checklist': [
        run('2.0.1', 'passed', '2026-12-01T00:00:00.000Z'),
        run('2.0.1', 'failed', '2026-12-02T00:00:00.000Z'),
      ],
    };
    const { run: promote } = await setup();
    await expect(promote({ skill: 'pci-checklist' })).rejects.toThrow(
      'pci-checklist/SKILL.md: error [promote-eval-not-passing] The latest evaluation of version 2.0.1 (suite golden-prompts, run 2026-12-02T00:00:00.000Z) failed: 2 of 8 cases failed',
    );
    posted = {
      'airesource:default/pci-checklist': [
        run('2.0.0', 'passed', '2026-12-01T00:00:00.000Z'),
      ],
    };
    await expect(promote({ skill: 'pci-checklist' })).rejects.toThrow(
      'No evaluation result was posted for version 2.0.1 (metadata.eval-status "passing" is self-declared and not counted)',
    );
    expect(workspaceIsEmpty()).toBe(true);
  });

  it('refuses when the results cannot be read, saying so', async () => {
    posted = undefined;
    const { run: promote } = await setup();
    await expect(promote({ skill: 'pci-checklist' })).rejects.toThrow(
      'Could not read the evaluation results of airesource:default/pci-checklist from the agent-platform backend: connect ECONNREFUSED 127.0.0.1:7007',
    );
    expect(workspaceIsEmpty()).toBe(true);
  });
});
