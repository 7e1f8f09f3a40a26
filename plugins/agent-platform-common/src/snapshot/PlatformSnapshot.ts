import type { AgentConfigEntity, McpServerEntity, SkillEntity } from '../model';
import { isAgentConfigEntity } from '../model/AgentConfigEntity';
import { isSkillEntity } from '../model/SkillEntity';
import { isRuleEntity, isSubagentEntity } from '../model/AgentAssetEntities';
import { entityRefOf } from '../model/entityRef';
import type { DriftReport } from '../inheritance/computeDrift';
import {
  byText,
  createPlatformIndex,
  indexComponent,
  indexConfig,
  ownerRefOf,
  pinOf,
  PlatformCatalog,
  PlatformEntityLike,
  PlatformIndex,
  refIn,
  refOf,
  specOf,
  unindexComponent,
  unindexConfig,
} from '../inheritance/platformIndex';
import { componentLayers } from '../inheritance/selectLayers';
import type { VersionMemo } from '../inheritance/summarizeTeamDrift';
import { SortedList } from './SortedList';
import type { RepoEntry, TeamEntry, UsageLists } from './entries';
import type { CatalogChange } from './CatalogChange';
import { repoConfigAssets, resolveTeam } from './resolveTeam';
import { SubagentTouches } from './subagentTouches';
import { skillUsageOf, unownedOf } from './assetViews';
import {
  baseReleaseAdoption,
  knownReleases,
  ReleaseEntry,
  releaseFor,
  releaseUsageRows,
} from './releaseUsage';
import { promotionCandidatesOf } from './promotionCandidates';
import {
  basesOf,
  byUse,
  deprecatedInUseOf,
  overviewTotals,
} from './overviewParts';
import { componentRepoUrl } from '../upgrade/campaigns';
import {
  EffectiveConfigState,
  repoConfigState,
} from '../governance/configHistory';
import type {
  AssetUsage,
  BaseReleaseAdoption,
  PlatformOverview,
  ReleaseUsage,
  RepoOverview,
  TeamOverview,
} from './types';

const lower = (text: string) => text.toLocaleLowerCase('en-US');

/**
 * Every derived view of the platform, computed once per catalog change: each
 * team's effective config, drift and repositories, release adoption, asset
 * usage and reuse, deprecated assets in use, promotion candidates and unowned
 * assets. Pages read these; none recomputes them.
 *
 * The snapshot is incremental: {@link PlatformSnapshot.apply} takes what
 * changed and recomputes only the teams and repositories that depend on it
 * (a change to a base release rebuilds everything). It owns its caches (the
 * index's refs, pins and resolution cache, the drift of each pin), so they
 * live exactly as long as it does.
 *
 * @public
 */
export class PlatformSnapshot {
  #index: PlatformIndex;
  #now: Date;
  #groups = new Set<string>();
  #users = new Set<string>();
  #repos = new Map<string, RepoEntry>();
  #reposByTeam = new Map<string, string[]>();
  #teams = new Map<string, TeamEntry>();
  #teamOrder = new SortedList();
  #usage = new Map<string, UsageLists>();
  #releases = new Map<string, ReleaseEntry>();
  #deprecatedSkills = new Map<
    string,
    { replacedBy?: string; usedBy: SortedList }
  >();
  #deprecatedServers = new Map<string, SortedList>();
  #drift = new Map<string, DriftReport>();
  #versions: VersionMemo = { exact: new Map(), order: new Map() };
  #overview?: PlatformOverview;

  /** Builds a snapshot of a catalog. Never throws on bad entities. */
  static build(
    catalog: PlatformCatalog & {
      groups?: PlatformEntityLike[];
      users?: PlatformEntityLike[];
    },
    now: Date,
  ): PlatformSnapshot {
    return new PlatformSnapshot(catalog, now);
  }

  private constructor(
    catalog: Parameters<typeof PlatformSnapshot.build>[0],
    now: Date,
  ) {
    this.#now = now;
    for (const g of catalog.groups ?? []) this.#groups.add(entityRefOf(g));
    for (const u of catalog.users ?? []) this.#users.add(entityRefOf(u));
    this.#index = createPlatformIndex({
      configs: catalog.configs,
      skills: catalog.skills,
      mcpServers: catalog.mcpServers,
      components: catalog.components,
      agentAssets: catalog.agentAssets,
    });
    this.#rebuildAll();
  }

  /** The indexed catalog, for resolving one entity. */
  get index(): PlatformIndex {
    return this.#index;
  }

  /** When the snapshot was last computed. */
  get builtAt(): Date {
    return this.#now;
  }

  /** The platform overview. */
  get overview(): PlatformOverview {
    if (!this.#overview) this.#overview = this.#assemble();
    return this.#overview;
  }

  /** One team's view, by the ref of its group; undefined when it has no team config. */
  team(groupRef: string): TeamOverview | undefined {
    const configs = this.#index.teamConfigsByOwner.get(lower(groupRef)) ?? [];
    const ref = configs.length === 1 ? refOf(configs[0], this.#index) : '';
    return this.#teams.get(ref)?.overview;
  }

  /**
   * A team's monthly budget (by the ref of its group) as its effective
   * config sets it, and the config that sets it (the team's, or the base's
   * when its cap applies): what `effectiveMonthlyBudget` gives for the
   * Group's resolution, kept with the team. Undefined when the Group has no
   * team config (or more than one).
   */
  teamBudget(
    groupRef: string,
  ): { monthlyUsd: number | null; source: string | null } | undefined {
    const configs = this.#index.teamConfigsByOwner.get(lower(groupRef)) ?? [];
    if (configs.length !== 1) return undefined;
    return this.#teams.get(refOf(configs[0], this.#index))?.budget;
  }

  /** Each team's (Group ref) and repository's (Component ref) config state; replaced only when recomputed. */
  configStates(): Map<string, EffectiveConfigState> {
    const states = new Map<string, EffectiveConfigState>();
    for (const { overview, state } of this.#teams.values()) {
      const owned = this.#index.teamConfigsByOwner.get(overview.team);
      if (owned?.length === 1) states.set(overview.team, state);
    }
    for (const { overview, state } of this.#repos.values()) {
      states.set(overview.component, state);
    }
    return states;
  }

  /** Who uses a skill or MCP server (empty lists for an unused or unknown one). */
  usage(assetRef: string): AssetUsage {
    const ref = lower(assetRef);
    const lists = this.#usage.get(ref);
    return {
      ref,
      teams: lists?.teams.values() ?? [],
      viaBase: lists?.viaBase.values() ?? [],
      repos: lists?.repos.values() ?? [],
    };
  }

  /**
   * Every release of a base, newest first, with what changed since the
   * release before and the team configs and repositories that pin it;
   * undefined when the catalog has no such base.
   */
  releases(baseName: string): BaseReleaseAdoption[] | undefined {
    const base = this.#index.bases.get(baseName);
    return base ? baseReleaseAdoption(base, this.#releases) : undefined;
  }

  /**
   * Applies a catalog change: recomputes what depends on it and returns the
   * number of team configs recomputed. A change to a base config, or to the
   * Groups and Users, recomputes what depends on all teams.
   */
  apply(change: CatalogChange, now: Date): number {
    this.#now = now;
    this.#overview = undefined;
    const index = this.#index;
    const teams = new Set<string>();
    const components = new Set<string>();
    const assets = new Set<string>();
    let everything = false;
    const configChanged = (config: AgentConfigEntity) => {
      const spec = specOf(config);
      const ref = refOf(config, index);
      if (spec.level === 'base') everything = true;
      if (spec.level === 'team') {
        teams.add(ref);
        const owner = ownerRefOf(config);
        for (const c of owner ? index.componentsByOwner.get(owner) ?? [] : []) {
          components.add(c);
        }
      }
      if (spec.level === 'repo') {
        const c = refIn(spec.component, 'component', config.metadata.namespace);
        if (c) components.add(c);
      }
      for (const c of index.componentsByNamedConfig.get(ref) ?? []) {
        components.add(c);
      }
    };
    // Returns false when the ref is neither a config nor a Component.
    const unindex = (ref: string) => {
      const config = index.configs.get(ref);
      if (config) {
        configChanged(config);
        unindexConfig(index, ref);
        return true;
      }
      if (index.components.has(ref)) {
        components.add(ref);
        unindexComponent(index, ref);
        return true;
      }
      return false;
    };
    const subagents = new SubagentTouches();
    const removedAssets: string[] = [];
    for (const raw of change.removed) {
      const ref = lower(raw);
      if (unindex(ref)) continue;
      if (ref.startsWith('group:')) {
        if (this.#groups.delete(ref)) everything = true;
      } else if (ref.startsWith('user:')) {
        this.#users.delete(ref);
      } else {
        removedAssets.push(ref);
        assets.add(ref);
      }
    }
    let skills: SkillEntity[] | undefined;
    let servers: McpServerEntity[] | undefined;
    for (const entity of change.upserted) {
      const ref = entityRefOf(entity);
      const kind = lower(entity.kind);
      if (kind === 'group') {
        if (!this.#groups.has(ref)) everything = true;
        this.#groups.add(ref);
        continue;
      }
      if (kind === 'user') {
        this.#users.add(ref);
        continue;
      }
      unindex(ref);
      if (isSubagentEntity(entity) || isRuleEntity(entity)) {
        subagents.add(index.agentAssets.get(ref));
        subagents.add(entity);
        index.agentAssets.set(ref, entity);
        continue;
      }
      if (kind === 'component') {
        indexComponent(index, entity);
        components.add(ref);
      } else if (isAgentConfigEntity(entity)) {
        indexConfig(index, entity);
        configChanged(entity);
      } else if (isSkillEntity(entity)) {
        skills = (skills ?? index.catalog.skills).filter(
          s => entityRefOf(s) !== ref,
        );
        skills.push(entity as unknown as SkillEntity);
      } else if (kind === 'api') {
        servers = (servers ?? index.catalog.mcpServers).filter(
          s => entityRefOf(s) !== ref,
        );
        servers.push(entity as unknown as McpServerEntity);
      }
    }
    for (const ref of removedAssets) {
      subagents.add(index.agentAssets.get(ref));
      if (index.agentAssets.delete(ref)) continue;
      if (ref.startsWith('airesource:')) {
        skills ??= index.catalog.skills;
        skills = skills.filter(s => entityRefOf(s) !== ref);
      } else if (ref.startsWith('api:')) {
        servers ??= index.catalog.mcpServers;
        servers = servers.filter(s => entityRefOf(s) !== ref);
      }
    }
    for (const entity of change.upserted) assets.add(entityRefOf(entity));
    index.catalog = {
      ...index.catalog,
      ...(skills ? { skills } : {}),
      ...(servers ? { mcpServers: servers } : {}),
    };
    if (everything) {
      this.#rebuildAll();
      return this.#teams.size;
    }
    // Asset changes are rare: find the teams that list them by a scan rather
    // than keeping an index of every team per asset through every build.
    if (assets.size > 0) {
      for (const [ref, entry] of this.#teams) {
        if (
          entry.ownAssets.some(a => assets.has(a)) ||
          entry.baseAssets.some(a => assets.has(a))
        ) {
          teams.add(ref);
        }
      }
    }
    for (const [ref, entry] of subagents.any ? this.#teams : []) {
      if (subagents.touches(entry.overview.team)) teams.add(ref);
    }
    for (const component of components) {
      const old = this.#repos.get(component)?.team;
      if (old) teams.add(old);
      const team = this.#placeRepo(component, false);
      if (team) teams.add(team);
    }
    for (const ref of teams) this.#placeTeam(ref, false);
    return teams.size;
  }

  #rebuildAll() {
    this.#repos.clear();
    this.#reposByTeam.clear();
    this.#teams.clear();
    this.#teamOrder = new SortedList();
    this.#usage.clear();
    this.#deprecatedSkills.clear();
    this.#deprecatedServers.clear();
    this.#drift.clear();
    this.#overview = undefined;
    this.#releases = knownReleases(this.#index);
    for (const ref of this.#index.components.keys()) this.#placeRepo(ref, true);
    for (const configs of this.#index.teamConfigsByOwner.values()) {
      for (const config of configs) {
        this.#placeTeam(refOf(config, this.#index), true);
      }
    }
  }

  #lists(asset: string): UsageLists {
    let lists = this.#usage.get(asset);
    if (!lists) {
      lists = {
        teams: new SortedList(),
        viaBase: new SortedList(),
        repos: new SortedList(),
      };
      this.#usage.set(asset, lists);
    }
    return lists;
  }

  /** (Re)computes one Component's entry; returns its team config ref. */
  #placeRepo(component: string, bulk: boolean): string | undefined {
    const old = this.#repos.get(component);
    if (old) {
      const listed = old.team ? this.#reposByTeam.get(old.team) : undefined;
      const at = listed ? listed.indexOf(component) : -1;
      if (at >= 0) listed!.splice(at, 1);
      for (const a of old.assets) this.#usage.get(a)?.repos.remove(component);
      this.#repos.delete(component);
    }
    const entity = this.#index.components.get(component);
    if (!entity) return undefined;
    const selection = componentLayers(this.#index, entity);
    if (!selection.ok || !selection.team) return undefined;
    const team = refOf(selection.team, this.#index);
    const observedPin = pinOf(this.#index, selection.observed);
    const configPin = pinOf(this.#index, selection.repo);
    const overview: RepoOverview = { component };
    if (selection.repo) overview.config = refOf(selection.repo, this.#index);
    if (observedPin !== undefined) {
      overview.pin = observedPin.text;
      overview.pinSource = 'repository';
    } else if (configPin !== undefined) {
      overview.pin = configPin.text;
      overview.pinSource = 'repo-config';
    }
    const repoUrl = componentRepoUrl(entity);
    if (repoUrl) overview.repoUrl = repoUrl;
    const { assets, skills, mcpServers } = repoConfigAssets(selection.repo);
    for (const a of assets) this.#lists(a).repos.add(component, bulk);
    this.#repos.set(component, {
      team,
      overview,
      parsedPin: observedPin ?? configPin,
      assets,
      state: repoConfigState({
        team,
        config: overview.config,
        pin: overview.pin,
        skills,
        mcpServers,
      }),
    });
    const listed = this.#reposByTeam.get(team);
    if (listed) listed.push(component);
    else this.#reposByTeam.set(team, [component]);
    return team;
  }

  #unplaceTeam(ref: string) {
    const old = this.#teams.get(ref);
    if (!old) return;
    this.#teams.delete(ref);
    this.#teamOrder.remove(old.sortKey);
    const team = old.overview.team;
    for (const a of old.ownAssets) this.#usage.get(a)?.teams.remove(team);
    for (const a of old.baseAssets) this.#usage.get(a)?.viaBase.remove(team);
    for (const s of old.deprecatedSkills) {
      this.#deprecatedSkills.get(s.ref)?.usedBy.remove(ref);
    }
    for (const s of old.deprecatedServers) {
      this.#deprecatedServers.get(s)?.remove(ref);
    }
    if (old.pinKey) this.#releases.get(old.pinKey)?.teams.remove(ref);
    old.repoPinKeys.forEach((key, i) => {
      if (key)
        this.#releases.get(key)?.repos.remove(old.overview.repos[i].component);
    });
  }

  /** (Re)computes one team config's entry. */
  #placeTeam(ref: string, bulk: boolean) {
    this.#unplaceTeam(ref);
    const resolved = resolveTeam({
      index: this.#index,
      ref,
      repos: (this.#reposByTeam.get(ref) ?? [])
        .map(c => this.#repos.get(c)!)
        .sort((a, b) => byText(a.overview.component, b.overview.component)),
      now: this.#now,
      drift: this.#drift,
      versions: this.#versions,
    });
    if (!resolved) return;
    const { overview, result, state, pin, entries, budget } = resolved;
    const owner = overview.team;
    const entry: TeamEntry = {
      sortKey: `${owner}\u0000${ref}`,
      overview,
      state,
      budget,
      ownAssets: [],
      baseAssets: [],
      deprecatedSkills: [],
      deprecatedServers: [],
      repoPinKeys: [],
    };
    for (const item of [
      ...result.effective.skills,
      ...result.effective.mcpServers,
    ]) {
      const viaBase = item.layer.startsWith('base');
      (viaBase ? entry.baseAssets : entry.ownAssets).push(item.ref);
      const lists = this.#lists(item.ref);
      (viaBase ? lists.viaBase : lists.teams).add(owner, bulk);
    }
    for (const skill of result.effective.skills) {
      if (skill.status !== 'deprecated') continue;
      entry.deprecatedSkills.push({ ref: skill.ref });
      let used = this.#deprecatedSkills.get(skill.ref);
      if (!used) {
        used = {
          ...(skill.replacedBy ? { replacedBy: skill.replacedBy } : {}),
          usedBy: new SortedList(),
        };
        this.#deprecatedSkills.set(skill.ref, used);
      }
      used.usedBy.add(ref, bulk);
    }
    for (const server of result.effective.mcpServers) {
      if (!this.#deprecatedServerRefs().has(server.ref)) continue;
      entry.deprecatedServers.push(server.ref);
      let used = this.#deprecatedServers.get(server.ref);
      if (!used) {
        used = new SortedList();
        this.#deprecatedServers.set(server.ref, used);
      }
      used.add(ref, bulk);
    }
    if (pin !== undefined) {
      const { key, entry: release } = releaseFor(
        this.#index,
        this.#releases,
        pin,
      );
      entry.pinKey = key;
      overview.pinnedVersion = release.version;
      release.teams.add(ref, bulk);
    }
    for (const { overview: repo, parsedPin } of entries) {
      if (parsedPin === undefined) {
        entry.repoPinKeys.push(undefined);
        continue;
      }
      const { key, entry: release } = releaseFor(
        this.#index,
        this.#releases,
        parsedPin,
      );
      entry.repoPinKeys.push(key);
      release.repos.add(repo.component, bulk);
    }
    this.#teams.set(ref, entry);
    this.#teamOrder.add(entry.sortKey, bulk);
  }

  #deprecatedServersOf?: { list: McpServerEntity[]; refs: Set<string> };
  #deprecatedServerRefs(): Set<string> {
    const list = this.#index.catalog.mcpServers;
    if (this.#deprecatedServersOf?.list !== list) {
      this.#deprecatedServersOf = {
        list,
        refs: new Set(
          list
            .filter(s => s.spec?.lifecycle === 'deprecated')
            .map(s => entityRefOf(s)),
        ),
      };
    }
    return this.#deprecatedServersOf.refs;
  }

  #assemble(): PlatformOverview {
    const index = this.#index;
    const teams = this.#teamOrder
      .values()
      // A sort key is `owner\u0000config ref`: the ref is its second part.
      .map(
        key => this.#teams.get(key.slice(key.indexOf('\u0000') + 1))!.overview,
      );
    const releases = releaseUsageRows(this.#releases);
    const used = (r: ReleaseUsage) => r.teams.length + r.repos.length > 0;
    // Releases nobody pins any more and unknown pins nobody uses are dropped.
    const listed = releases.filter(r => r.known || used(r));
    const skills = skillUsageOf(this.#index, ref => this.usage(ref));
    const owners = new Map<string, string>();
    for (const s of skills) if (s.owner) owners.set(s.ref, s.owner);
    for (const s of index.catalog.mcpServers) {
      const owner = ownerRefOf(s);
      if (owner) owners.set(entityRefOf(s), owner);
    }
    return {
      bases: basesOf(index),
      teams,
      releases: listed,
      deprecated: deprecatedInUseOf(
        listed,
        this.#deprecatedSkills,
        this.#deprecatedServers,
        ref => owners.get(ref),
      ),
      skills,
      mcpServers: byUse(
        index.catalog.mcpServers.map(s => this.usage(entityRefOf(s))),
      ),
      unowned: unownedOf(this.#index, this.#groups, this.#users),
      promotionCandidates: promotionCandidatesOf(skills),
      totals: overviewTotals(teams),
    };
  }
}
