import { findNearDuplicateSkills, NearDuplicateSkillInput } from './nearDuplicates';

const REVIEW = `Review a pull request for correctness, security and style.
Read the diff first, then the tests. Check error handling, input validation,
secrets in code, and whether new behaviour is covered by a test. Leave one
comment per problem with a suggested fix, and approve only when the build passes.`;
const ADR = `Write an architecture decision record. State the context, the options
considered with their trade-offs, the decision and its consequences. Keep it
under two pages and link the issue that prompted it.`;

/** The text with every `every`-th word replaced. */
const edit = (text: string, every: number) =>
  text
    .split(/\s+/)
    .map((w, i) => (i % every === every - 1 ? `changed${i}` : w))
    .join(' ');

const skill = (
  name: string,
  body: string | undefined,
  scope: string,
  owner: string,
): NearDuplicateSkillInput => ({
  ref: `airesource:default/${name}`,
  name,
  description: `The ${name} skill`,
  body,
  scope,
  owner,
});

describe('findNearDuplicateSkills', () => {
  const skills = [
    skill('code-review', REVIEW, 'org', 'group:default/platform'),
    skill('payments-review', edit(REVIEW, 12), 'team', 'group:default/payments'),
    skill('write-adr', ADR, 'org', 'group:default/platform'),
    skill('adr-writer', `${ADR}\nAlso add a diagram.`, 'team', 'group:default/search'),
    skill('adr-helper', edit(ADR, 15), 'team', 'group:default/mobile'),
    skill('empty', '', 'team', 'group:default/mobile'),
    skill('unreadable', undefined, 'team', 'group:default/mobile'),
  ];

  it('pairs team copies with the registry skill, and team copies with each other, labelled', () => {
    const report = findNearDuplicateSkills(skills);
    expect(report.compared).toBe(5);
    expect(report.skipped).toEqual([
      { ref: 'airesource:default/empty', reason: 'fewer than 8 words to compare' },
      { ref: 'airesource:default/unreadable', reason: 'its folder could not be read' },
    ]);
    const summary = report.pairs.map(p => [p.a.slice(19), p.b.slice(19), p.kind, p.useInstead ?? p.promote ?? '']);
    expect(summary).toEqual(
      expect.arrayContaining([
        ['code-review', 'payments-review', 'consolidation', 'airesource:default/code-review'],
        ['adr-writer', 'write-adr', 'consolidation', 'airesource:default/write-adr'],
        ['adr-helper', 'adr-writer', 'promotion', 'airesource:default/adr-writer'],
      ]),
    );
    // REVIEW and ADR share no 3-word phrase.
    expect(report.pairs.some(p => p.a.includes('review') && p.b.includes('adr'))).toBe(false);
    expect(report.pairs.every(p => p.similarity >= 0.5 && p.similarity <= 1)).toBe(true);
    expect(report.clusters).toEqual([
      {
        refs: ['airesource:default/adr-helper', 'airesource:default/adr-writer', 'airesource:default/write-adr'],
        kind: 'consolidation',
      },
      {
        refs: ['airesource:default/code-review', 'airesource:default/payments-review'],
        kind: 'consolidation',
      },
    ]);
  });

  it('labels two copies kept by one team as consolidation, and by two teams as promotion', () => {
    const report = findNearDuplicateSkills([
      skill('a', REVIEW, 'team', 'group:default/payments'),
      skill('b', edit(REVIEW, 20), 'team', 'group:default/payments'),
      skill('c', `${REVIEW} extra words here`, 'team', 'group:default/search'),
    ]);
    const byPair = Object.fromEntries(report.pairs.map(p => [`${p.a.slice(19)}-${p.b.slice(19)}`, p]));
    expect(byPair['a-b'].kind).toBe('consolidation');
    expect(byPair['a-c']).toMatchObject({ kind: 'promotion', promote: 'airesource:default/c' });
    expect(report.clusters).toEqual([
      { refs: ['airesource:default/a', 'airesource:default/b', 'airesource:default/c'], kind: 'promotion' },
    ]);
  });

  it('finds the pairs the exact all-pairs comparison finds, with the same similarities', () => {
    // 60 skills from 12 texts with different amounts of edits.
    const words = (seed: number) =>
      Array.from({ length: 80 }, (_, i) => `w${(seed * 7919 + i * 104729) % 997}`).join(' ');
    const many = Array.from({ length: 60 }, (_, i) =>
      skill(`s${i}`, edit(words(i % 12), 3 + (i % 9)), i % 4 === 0 ? 'org' : 'team', `group:default/t${i % 5}`),
    );
    const lsh = findNearDuplicateSkills(many);
    const exact = findNearDuplicateSkills(many, { strategy: 'all-pairs' });
    expect(exact.pairs.length).toBeGreaterThan(20);
    expect(lsh.pairs).toEqual(exact.pairs);
    expect(lsh.candidatesChecked).toBeLessThan(exact.candidatesChecked);
  });

  it('lists a ref given twice once', () => {
    const report = findNearDuplicateSkills([
      skill('a', REVIEW, 'team', 'x'),
      skill('a', REVIEW, 'team', 'x'),
    ]);
    expect(report.pairs).toEqual([]);
    expect(report.skipped).toEqual([{ ref: 'airesource:default/a', reason: 'listed twice' }]);
  });
});
