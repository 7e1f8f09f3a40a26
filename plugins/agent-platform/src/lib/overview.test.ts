import { allViolations, teamsByDrift } from './overview';
import { platformOverview } from '../__testUtils__';

describe('overview helpers', () => {
  it('orders teams by drift and collects violations errors first', () => {
    expect(teamsByDrift(platformOverview).map(t => t.team)).toEqual([
      'group:default/mobile',
      'group:default/data-eng',
      'group:default/search',
      'group:default/checkout',
      'group:default/identity',
      'group:default/payments',
      'group:default/platform',
    ]);
    const { violations, excepted } = allViolations(platformOverview);
    expect(violations.map(v => `${v.severity} ${v.rule} ${v.team}`)).toEqual([
      'error deny-overridden group:default/checkout',
      'error exception-expired group:default/data-eng',
      'warning skill-deprecated group:default/data-eng',
      'warning base-release-deprecated group:default/mobile',
      'warning skill-deprecated group:default/mobile',
      'warning skill-deprecated group:default/search',
    ]);
    expect(
      excepted.map(e => `${e.team} ${e.item} ${e.exception.until}`),
    ).toEqual(['group:default/payments api:default/postgres-prod 2027-01-31']);
  });
});
