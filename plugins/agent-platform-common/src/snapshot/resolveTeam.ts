import type { DriftReport } from '../inheritance/computeDrift';
import { computeDrift } from '../inheritance/computeDrift';
import {
  byText,
  ownerRefOf,
  pinOf,
  PlatformIndex,
  specOf,
} from '../inheritance/platformIndex';
import {
  EffectiveConfigResult,
  resolveEffectiveConfig,
} from '../inheritance/resolveEffectiveConfig';
import { withBase } from '../inheritance/selectLayers';
import {
  summarizeTeamDrift,
  VersionMemo,
} from '../inheritance/summarizeTeamDrift';
import type { ParsedPin } from '../parsers/pin';
import type { RepoOverview, TeamOverview } from './types';

/** A repository as the snapshot holds it: its overview row and the pin read from it. */
export interface PlacedRepo {
  overview: RepoOverview;
  parsedPin?: ParsedPin;
}

/**
 * Resolves one team config into its overview row: effective config, drift
 * (memoized per base and pin in `drift`, owned by the snapshot) and its
 * repositories' pins. Undefined for a ref that is not a team config.
 */
export function resolveTeam(options: {
  index: PlatformIndex;
  ref: string;
  repos: PlacedRepo[];
  now: Date;
  drift: Map<string, DriftReport>;
  versions: VersionMemo;
}):
  | {
      overview: TeamOverview;
      result: EffectiveConfigResult;
      pin?: ParsedPin;
      entries: PlacedRepo[];
    }
  | undefined {
  const { index, ref } = options;
  const config = index.configs.get(ref);
  if (!config || specOf(config).level !== 'team') return undefined;
  const selection = withBase(index, ref, { team: config });
  if (!selection.ok) return undefined;
  const result = resolveEffectiveConfig(
    {
      base: selection.base,
      team: config,
      skills: index.catalog.skills,
      mcpServers: index.catalog.mcpServers,
      now: options.now,
    },
    index.resolutionCache,
  );
  const pin = pinOf(index, config);
  const entries = options.repos;
  const repos = entries.map(e => e.overview);
  const owner = ownerRefOf(config) ?? '';
  let drift: DriftReport | undefined;
  if (selection.base && pin !== undefined) {
    const key = `${selection.base.metadata.name}\u0000${pin.text}`;
    drift = options.drift.get(key);
    if (!drift) {
      drift = computeDrift(selection.base, pin);
      options.drift.set(key, drift);
    }
  }
  // Built field by field (in the order the API has always written them):
  // this runs for every team of an overview.
  const overview = { team: owner, config: ref } as TeamOverview;
  if (pin !== undefined) overview.pin = pin.text;
  if (result.release) overview.release = result.release;
  if (drift) overview.drift = drift;
  overview.ok = result.ok;
  overview.violations = result.violations;
  overview.excepted = result.excepted;
  overview.repos = repos;
  overview.repoDrift = summarizeTeamDrift(
    pin,
    entries.map(e => ({
      repo: e.overview.component,
      pin: e.overview.pin,
      parsed: e.parsedPin?.ref,
    })),
    options.versions,
  );
  overview.routedModels = routedModelsOf(result);
  return { overview, result, pin, entries };
}

/** The models an effective config routes to, once each, sorted. */
function routedModelsOf(result: EffectiveConfigResult): string[] {
  const models: string[] = [];
  for (const key of Object.keys(result.effective.modelRouting)) {
    const model = result.effective.modelRouting[key].value;
    if (!models.includes(model)) models.push(model);
  }
  return models.sort(byText);
}
