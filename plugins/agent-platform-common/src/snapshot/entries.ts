// The snapshot's own records of each repository, team and asset (not exported).
import type { EffectiveConfigState } from '../governance/configHistory';
import type { ParsedPin } from '../parsers/pin';
import type { SortedList } from './SortedList';
import type { RepoOverview, TeamOverview } from './types';

/** One repository: its pin, its team config, and the assets its repo config lists. */
export interface RepoEntry {
  team?: string;
  overview: RepoOverview;
  parsedPin?: ParsedPin;
  assets: string[];
  state: EffectiveConfigState;
}

/** One team config resolved, with what it contributes to the shared views. */
export interface TeamEntry {
  sortKey: string;
  overview: TeamOverview;
  state: EffectiveConfigState;
  budget: { monthlyUsd: number | null; source: string | null };
  ownAssets: string[];
  baseAssets: string[];
  deprecatedSkills: Array<{ ref: string; replacedBy?: string }>;
  deprecatedServers: string[];
  pinKey?: string;
  /** The release key each of `overview.repos` counts towards (undefined: no pin). */
  repoPinKeys: Array<string | undefined>;
}

export interface UsageLists {
  teams: SortedList;
  viaBase: SortedList;
  repos: SortedList;
}
