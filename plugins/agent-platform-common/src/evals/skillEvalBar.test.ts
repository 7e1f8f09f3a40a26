import { passesPublishingEvalBar, skillEvalBar } from './skillEvalBar';

const skill = (spec: Record<string, unknown>) =>
  ({ spec: { type: 'skill', lifecycle: 'production', owner: 'x', ...spec } }) as any;
const latest = (version: string, outcome: 'passed' | 'failed') => ({
  version,
  outcome,
  suite: 'golden',
  counts: { passed: 1, failed: outcome === 'failed' ? 1 : 0, skipped: 0, total: outcome === 'failed' ? 2 : 1 },
  ranAt: '2026-12-06T08:00:00Z',
});

describe('skillEvalBar', () => {
  it('uses the measured result of the current version, keeping the declared one aside', () => {
    const bar = skillEvalBar(
      skill({ version: '1.0.0', evalStatus: 'passing' }),
      latest('1.0.0', 'failed'),
    );
    expect(bar).toMatchObject({ status: 'failing', verified: true, declared: 'passing' });
  });

  it('falls back to the declared status, unverified, when no run is for this version', () => {
    expect(
      skillEvalBar(skill({ version: '1.1.0', evalStatus: 'passing' }), latest('1.0.0', 'passed')),
    ).toEqual({ status: 'passing', verified: false, declared: 'passing' });
    expect(skillEvalBar(skill({}), undefined)).toEqual({ status: 'none', verified: false });
  });
});

describe('passesPublishingEvalBar', () => {
  const s = skill({ version: '1.0.0', evalStatus: 'passing' });
  it('requires a measured pass when asked to', () => {
    const declared = skillEvalBar(s, undefined);
    expect(passesPublishingEvalBar(s, declared, { requireVerified: false })).toBe(true);
    expect(passesPublishingEvalBar(s, declared, { requireVerified: true })).toBe(false);
    const measured = skillEvalBar(s, latest('1.0.0', 'passed'));
    expect(passesPublishingEvalBar(s, measured, { requireVerified: true })).toBe(true);
  });
  it('never publishes a measured failure or a deprecated skill', () => {
    expect(
      passesPublishingEvalBar(s, skillEvalBar(s, latest('1.0.0', 'failed')), { requireVerified: false }),
    ).toBe(false);
    const d = skill({ version: '1.0.0', lifecycle: 'deprecated' });
    expect(
      passesPublishingEvalBar(d, skillEvalBar(d, latest('1.0.0', 'passed')), { requireVerified: false }),
    ).toBe(false);
  });
});
