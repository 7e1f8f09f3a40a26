import { byText } from '../inheritance/platformIndex';

/**
 * A team whose model mix departs from its routing.
 *
 * @public
 */
export interface ModelMixDeparture {
  /** Normalized group ref. */
  team: string;
  /** The models the routing names. */
  routed: string[];
  /** Spend on models the routing does not name, by model. */
  outside: Array<{ model: string; cost: number }>;
  /** Share of the team's spend outside the routing, 0..1. */
  share: number;
  /** The team's spend in the range. */
  total: number;
}

/**
 * Teams spending more than `threshold` (share of their cost) on models their
 * routing does not name. `routing` maps team refs to the models of their
 * effective `modelRouting`; `spend` maps them to their cost by model.
 *
 * @public
 */
export function modelMixDepartures(
  spend: Map<
    string,
    { cost: number; byModel: Array<{ key: string | null; cost: number }> }
  >,
  routing: Map<string, string[]>,
  threshold = 0.2,
): ModelMixDeparture[] {
  const result: ModelMixDeparture[] = [];
  for (const [team, report] of spend) {
    const routed = routing.get(team);
    if (!routed || routed.length === 0 || report.cost <= 0) continue;
    const outside = report.byModel
      .filter(r => r.key !== null && !routed.includes(r.key) && r.cost > 0)
      .map(r => ({ model: r.key as string, cost: r.cost }));
    const cost = outside.reduce((sum, r) => sum + r.cost, 0);
    const share = cost / report.cost;
    if (share > threshold) {
      result.push({
        team,
        routed: [...routed].sort(byText),
        outside,
        share,
        total: report.cost,
      });
    }
  }
  return result.sort((a, b) => b.share - a.share || byText(a.team, b.team));
}
