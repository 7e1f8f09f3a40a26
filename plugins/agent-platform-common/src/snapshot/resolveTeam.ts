import type { DriftReport } from '../inheritance/computeDrift';
import { computeDrift } from '../inheritance/computeDrift';
import {
  byText,
  ownerRefOf,
  pinOf,
  PlatformIndex,
  refIn,
  refOf,
  specOf,
} from '../inheritance/platformIndex';
import type { AgentConfigEntity, AgentConfigException } from '../model';
import {
  EffectiveConfigResult,
  resolveEffectiveConfig,
} from '../inheritance/resolveEffectiveConfig';
import { withBase } from '../inheritance/selectLayers';
import { withTeamSubagentViolations } from '../inheritance/agentAssets';
import {
  summarizeTeamDrift,
  VersionMemo,
} from '../inheritance/summarizeTeamDrift';
import type { ParsedPin } from '../parsers/pin';
import {
  EffectiveConfigState,
  teamConfigState,
} from '../governance/configHistory';
import { effectiveMonthlyBudget } from '../spend/report';
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
      state: EffectiveConfigState;
      pin?: ParsedPin;
      entries: PlacedRepo[];
      /** The monthly budget its effective config sets, and the config that sets it. */
      budget: { monthlyUsd: number | null; source: string | null };
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
  const judged = withTeamSubagentViolations(index, config, result);
  overview.ok = judged.ok;
  overview.violations = judged.violations;
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
  const held = specOf(config).exceptions;
  const state = teamConfigState(
    ref,
    judged,
    pin?.text,
    Array.isArray(held) ? (held as AgentConfigException[]) : [],
  );
  const budget = effectiveMonthlyBudget(result.effective.budget, {
    ...(selection.base ? { base: refOf(selection.base, index) } : {}),
    team: ref,
  });
  return { overview, result, state, pin, entries, budget };
}

/** The skills and MCP servers a repo config lists, as refs, in its order. */
export function repoConfigAssets(repo: AgentConfigEntity | undefined): {
  assets: string[];
  skills: string[];
  mcpServers: string[];
} {
  const found = { skills: [] as string[], mcpServers: [] as string[] };
  if (repo) {
    const spec = specOf(repo);
    const ns = repo.metadata.namespace;
    for (const [field, kind] of [
      ['skills', 'airesource'],
      ['mcpServers', 'api'],
    ] as const) {
      const list = spec[field];
      if (!Array.isArray(list)) continue;
      for (const item of list) {
        const ref = refIn(item, kind, ns);
        if (ref && !found[field].includes(ref)) found[field].push(ref);
      }
    }
  }
  const assets = [...found.skills];
  for (const s of found.mcpServers) if (!assets.includes(s)) assets.push(s);
  return { assets, ...found };
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
