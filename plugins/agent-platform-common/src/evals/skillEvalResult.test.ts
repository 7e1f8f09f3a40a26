import {
  checkSkillEvalPost,
  latestSkillEval,
  skillEvalTokenSubject,
} from './skillEvalResult';

const now = new Date('2026-12-06T09:00:00Z');
const valid = {
  version: '1.2.0',
  outcome: 'passed',
  suite: 'golden-prompts',
  counts: { passed: 9, failed: 0, skipped: 1, total: 10 },
  runUrl: 'https://ci.example.com/runs/42',
  ranAt: '2026-12-06T08:50:00Z',
  idempotencyKey: 'ci-run-42-attempt-1',
};
const problems = (body: unknown) => {
  const r = checkSkillEvalPost(body, { now });
  return r.ok ? [] : r.problems;
};

describe('checkSkillEvalPost', () => {
  it('accepts a consistent result', () => {
    expect(checkSkillEvalPost(valid, { now })).toEqual({ ok: true, value: valid });
  });

  it('names each malformed field', () => {
    expect(
      problems({
        ...valid,
        version: '^1.2',
        outcome: 'green',
        suite: ' ',
        counts: { passed: -1, failed: 1.5, skipped: 0, total: 'x' },
        runUrl: 'ftp://ci.example.com/runs/42',
        ranAt: 'yesterday',
        idempotencyKey: 'k',
        extra: true,
      }),
    ).toEqual([
      'version must be an exact semver version such as 1.2.0',
      'outcome Invalid option: expected one of "passed"|"failed"',
      'suite must not be empty',
      'counts.passed must not be negative',
      'counts.failed must be a whole number',
      'counts.total must be a number',
      'runUrl must be an http(s) URL',
      'ranAt must be an ISO 8601 date-time such as 2026-12-06T09:00:00Z',
      'idempotencyKey must be at least 8 characters',
      'body Unrecognized key: "extra"',
    ]);
  });

  it('refuses impossible counts and an outcome that contradicts them', () => {
    expect(
      problems({ ...valid, counts: { passed: 9, failed: 0, skipped: 0, total: 10 } }),
    ).toEqual([
      'counts do not add up: passed 9 + failed 0 + skipped 0 = 9, not total 10',
    ]);
    expect(
      problems({ ...valid, counts: { passed: 0, failed: 0, skipped: 3, total: 3 } }),
    ).toEqual(['counts: no case ran (passed and failed are both 0)']);
    expect(
      problems({ ...valid, counts: { passed: 8, failed: 2, skipped: 0, total: 10 } }),
    ).toEqual([
      'outcome is passed but counts.failed is 2; a passing run has no failed case',
    ]);
    expect(problems({ ...valid, outcome: 'failed' })).toEqual([
      'outcome is failed but counts.failed is 0; count the failing cases (errors included)',
    ]);
  });

  it('refuses a run in the future or too old', () => {
    expect(problems({ ...valid, ranAt: '2026-12-06T10:00:00Z' })).toEqual([
      'ranAt 2026-12-06T10:00:00Z is in the future',
    ]);
    expect(problems({ ...valid, ranAt: '2026-10-01T00:00:00+02:00' })).toEqual([
      'ranAt 2026-10-01T00:00:00+02:00 is more than 30 days ago',
    ]);
  });
});

describe('skillEvalTokenSubject', () => {
  it('names the skill, lower case', () => {
    expect(skillEvalTokenSubject({ name: 'PDF-tools' })).toBe(
      'skill-eval:default/pdf-tools',
    );
    expect(skillEvalTokenSubject({ namespace: 'ops', name: 'k8s' })).toBe(
      'skill-eval:ops/k8s',
    );
  });
});

describe('latestSkillEval', () => {
  const r = (version: string, ranAt: string, receivedAt = ranAt) => ({
    version,
    ranAt,
    receivedAt,
  });
  it('picks the latest run of the version', () => {
    const results = [
      r('1.0.0', '2026-12-03T00:00:00Z'),
      r('1.1.0', '2026-12-02T00:00:00Z'),
      r('1.1.0', '2026-12-01T00:00:00Z'),
      r('1.1.0', '2026-12-02T00:00:00Z', '2026-12-05T00:00:00Z'),
    ];
    expect(latestSkillEval(results, '1.1.0')).toBe(results[3]);
    expect(latestSkillEval(results, '2.0.0')).toBeUndefined();
    expect(latestSkillEval(results, undefined)).toBeUndefined();
  });
});
