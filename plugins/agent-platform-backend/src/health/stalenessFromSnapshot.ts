import {
  computeStaleness,
  StalenessInput,
  StalenessReport,
} from '@agent-platform/plugin-agent-platform-common';
import { PlatformSnapshot } from '../services/PlatformSnapshotCache';

type Spec = {
  reviewed?: unknown;
  observed?: { lastModified?: unknown };
  releases?: Array<{ version: string; date?: string; security?: boolean }>;
};

/**
 * The staleness input of a snapshot: each base's releases, each team
 * config's pin and `spec.reviewed`, each team repository's pin (its own, or
 * the team's) and the `observed.lastModified` of its repo config read from
 * the repository.
 */
export function stalenessInputOf(
  snapshot: Pick<PlatformSnapshot, 'index' | 'overview'>,
  now: Date,
  staleAfterDays: number,
): StalenessInput {
  const { index, overview } = snapshot;
  const specOf = (ref: string | undefined) =>
    (ref ? index.configs.get(ref)?.spec : undefined) as Spec | undefined;
  const lastModifiedOf = (component: string) => {
    for (const config of index.repoConfigsByComponent.get(component) ?? []) {
      const value = (config.spec as Spec).observed?.lastModified;
      if (typeof value === 'string') return value;
    }
    return undefined;
  };
  return {
    bases: [...index.bases.entries()].map(([name, base]) => ({
      name,
      releases: ((base.spec as Spec).releases ?? []).map(r => ({
        version: r.version,
        date: r.date,
        security: r.security,
      })),
    })),
    teams: overview.teams.map(t => {
      const reviewed = specOf(t.config)?.reviewed;
      return {
        team: t.team,
        config: t.config,
        pin: t.pin,
        ...(typeof reviewed === 'string' ? { reviewed } : {}),
      };
    }),
    repos: overview.teams.flatMap(t =>
      t.repos.map(r => {
        const lastModified = lastModifiedOf(r.component);
        return {
          component: r.component,
          team: t.team,
          pin: r.pin ?? t.pin,
          ...(lastModified ? { lastModified } : {}),
        };
      }),
    ),
    now,
    staleAfterDays,
  };
}

/** Staleness of a snapshot. */
export function stalenessOf(
  snapshot: Pick<PlatformSnapshot, 'index' | 'overview'>,
  now: Date,
  staleAfterDays: number,
): StalenessReport {
  return computeStaleness(stalenessInputOf(snapshot, now, staleAfterDays));
}
