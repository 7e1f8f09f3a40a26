import { latestRelease, readReleases } from '../inheritance/releases';
import {
  EffectiveConfigResult,
  resolveEffectiveConfig,
} from '../inheritance/resolveEffectiveConfig';
import type {
  AgentConfigEntity,
  AgentConfigRelease,
  BaseAgentConfigEntity,
  SkillEntity,
} from '../model';
import {
  entityRefOf,
  normalizeEntityRef,
  parseEntityRefLoose,
} from '../model/entityRef';
import {
  RenderedAgentFiles,
  renderAgentFiles,
} from '../workspace/renderAgentFiles';
import {
  agentToolsOfTeam,
  isScaffoldAgentTool,
  SCAFFOLD_AGENT_TOOLS,
  ScaffoldAgentTool,
} from '../workspace/renderAgentToolFiles';
import { approvedAssetsOfResolution, repoLayer } from './assetChoices';
import { baseFor, ScaffoldCatalog, teamConfigOf } from './catalogSelection';
import { checkScaffoldOwner, ScaffoldGroupLike, ScaffoldUser } from './owner';
import { ScaffoldProblem } from './problems';
import { checkUserText } from './userText';

/** A Backstage entity name that is also a safe folder and repository name. */
const COMPONENT_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const REF_NAME = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/;

/**
 * What a scaffolder form asks for a new agent context.
 *
 * @public
 */
export interface AgentContextRequest {
  /** Component (and repository) name. */
  name: string;
  /** The owning team, `group:default/payments` or `payments`. */
  owner: string;
  /** What the component does; lands in a labelled section of AGENTS.md. */
  description?: string;
  /** Extra skills (names or refs). */
  skills?: string[];
  /** Extra MCP servers (names or refs). */
  mcpServers?: string[];
  layout?: 'claude' | 'bridge';
  /**
   * The agent tools to write files for (`claude-code`, `cursor`, `codex`,
   * `copilot`, `gemini`); empty or absent means the tools the owner's
   * repositories use ({@link agentToolsOfTeam}).
   */
  tools?: string[];
  /**
   * The base release the form showed; when set and it is no longer the
   * latest usable release (withdrawn, or a newer one out), the request is
   * refused so that the user sees what the repository will pin.
   */
  baseVersion?: string;
}

/**
 * Input of {@link planAgentContext}.
 *
 * @public
 */
export interface PlanAgentContextInput {
  request: AgentContextRequest;
  catalog: ScaffoldCatalog;
  /** The owner's Group entity; undefined when not in the catalog. */
  ownerEntity?: ScaffoldGroupLike;
  user: ScaffoldUser;
  /** Normalized ref of the platform team. */
  platformTeam: string;
  now: Date;
}

/**
 * A request that passes every check, ready to write.
 *
 * @public
 */
export interface AgentContextPlan {
  ok: true;
  /** `org-base@2.4.0`. */
  pin: string;
  base: BaseAgentConfigEntity;
  release: AgentConfigRelease;
  team: AgentConfigEntity;
  /** Normalized ref of the owner. */
  owner: string;
  result: EffectiveConfigResult;
  /** CLAUDE.md, AGENTS.md, .mcp.json, .claude/settings.json and the other tools' files. */
  rendered: RenderedAgentFiles;
  /** The skills to copy into `.claude/skills/` (team and extras, approved). */
  skills: SkillEntity[];
  /** What was left out, for the output and the task log. */
  warnings: string[];
}

/** The form field a federation rule is about. */
function fieldOfViolation(rule: string, fromRequest: boolean): string {
  if (/skill/i.test(rule)) return 'skills';
  if (/mcp|server/i.test(rule)) return 'mcpServers';
  return fromRequest ? 'name' : 'base';
}

function checkRefs(
  values: unknown,
  kind: 'airesource' | 'api',
  field: string,
  problems: ScaffoldProblem[],
): string[] {
  if (values !== undefined && !Array.isArray(values)) {
    problems.push({ field, message: 'must be a list of names' });
    return [];
  }
  const refs: string[] = [];
  for (const value of (values as unknown[] | undefined) ?? []) {
    const parts =
      typeof value === 'string' ? parseEntityRefLoose(value, kind) : undefined;
    if (!parts || parts.kind !== kind || !REF_NAME.test(parts.name)) {
      problems.push({
        field,
        message: `${JSON.stringify(
          value,
        )} is not a valid name or entity ref (e.g. ${
          kind === 'api' ? 'github or api:default/github' : 'code-review'
        })`,
      });
      continue;
    }
    refs.push(`${parts.kind}:${parts.namespace}/${parts.name}`);
  }
  return [...new Set(refs)];
}

/**
 * Checks a request for a new agent context against the input rules, the
 * owner rules ({@link checkScaffoldOwner}), the catalog (base, release, team
 * config), the federation rules and the approved-assets rules, and renders
 * the files. Every problem names its field; nothing is read or written, so
 * the form's preview and the scaffolder action run the same function.
 * Skills and servers asked for that the team may not use (denied,
 * restricted without an exception, deprecated, failing their evaluation, not
 * in the catalog) are refused; the team config's own unapproved skills are
 * left out with a warning.
 *
 * @public
 */
export function planAgentContext(
  input: PlanAgentContextInput,
): AgentContextPlan | { ok: false; problems: ScaffoldProblem[] } {
  const { request, catalog, now } = input;
  const problems: ScaffoldProblem[] = [];
  const fail = () => ({ ok: false as const, problems });

  // 1. The input alone.
  const name = String(request.name ?? '');
  if (!COMPONENT_NAME.test(name) || name.length > 63) {
    problems.push({
      field: 'name',
      message: `${JSON.stringify(
        name,
      )} is invalid: use 1-63 lowercase letters, digits and single "-"`,
    });
  }
  problems.push(
    ...checkUserText(request.description, { field: 'description' }),
  );
  problems.push(
    ...checkScaffoldOwner({
      owner: request.owner,
      ownerEntity: input.ownerEntity,
      user: input.user,
      platformTeam: input.platformTeam,
    }),
  );
  const extraSkills = checkRefs(
    request.skills,
    'airesource',
    'skills',
    problems,
  );
  const extraServers = checkRefs(
    request.mcpServers,
    'api',
    'mcpServers',
    problems,
  );
  const askedTools = request.tools ?? [];
  if (!Array.isArray(askedTools)) {
    problems.push({ field: 'tools', message: 'must be a list of agent tools' });
  } else {
    for (const tool of askedTools) {
      if (!isScaffoldAgentTool(tool)) {
        problems.push({
          field: 'tools',
          message: `${JSON.stringify(
            tool,
          )} is not an agent tool the template writes files for (${SCAFFOLD_AGENT_TOOLS.join(
            ', ',
          )})`,
        });
      }
    }
  }
  if (problems.length > 0) return fail();
  const owner = normalizeEntityRef(request.owner, 'group')!;
  const tools: ScaffoldAgentTool[] =
    askedTools.length > 0
      ? SCAFFOLD_AGENT_TOOLS.filter(t => askedTools.includes(t))
      : agentToolsOfTeam(catalog.repos ?? [], owner);

  // 2. The catalog: team config, base, release.
  const team = teamConfigOf(catalog, owner);
  if (!team) {
    problems.push({
      field: 'owner',
      message: `The team ${owner} has no agent config (AiResource, spec.type agent-config, level team) in the catalog; the platform team creates one before the team's repositories can be scaffolded`,
    });
    return fail();
  }
  const base = baseFor(catalog, team);
  if (!base) {
    problems.push({
      field: 'base',
      message:
        catalog.bases.length === 0
          ? 'There is no org base agent config (AiResource, spec.type agent-config, level base) in the catalog'
          : `The catalog has several bases (${catalog.bases
              .map(b => b.metadata.name)
              .join(', ')}) and the team config names none of them`,
    });
    return fail();
  }
  const releases = readReleases(base).releases;
  const release = latestRelease(releases);
  if (!release) {
    problems.push({
      field: 'base',
      message: `The base ${base.metadata.name} has no release that is not withdrawn`,
    });
    return fail();
  }
  if (request.baseVersion && request.baseVersion !== release.version) {
    const shown = releases.find(r => r.version === request.baseVersion);
    let why = 'a newer release is out';
    if (!shown) why = 'the base has no such release';
    else if (shown.withdrawn) why = 'that release has been withdrawn since';
    problems.push({
      field: 'baseVersion',
      message: `The form showed ${base.metadata.name}@${request.baseVersion}, but ${why}; the repository would pin ${base.metadata.name}@${release.version}. Reload the form to see what it will pin.`,
    });
    return fail();
  }
  const pin = `${base.metadata.name}@${release.version}`;

  // 3. The engine, and the approved-assets rules.
  const repoLayerId = `repo:${name}`;
  const result = resolveEffectiveConfig({
    base,
    team,
    repo: repoLayer(name, owner, pin, extraSkills, extraServers),
    mcpServers: catalog.mcpServers,
    skills: catalog.skills,
    now,
    pin,
  });
  const teamLayerId = `team:${team.metadata.name}`;
  const teamRef = entityRefOf(team);
  for (const v of result.violations) {
    if (v.severity !== 'error') continue;
    if (v.layer === teamLayerId) {
      problems.push({
        field: 'teamConfig',
        message: `The team config ${teamRef} breaks the federation rules of ${pin} ([${v.rule}] ${v.message}); the team fixes it (or the platform team grants an exception) in the catalog, then the template runs again`,
      });
    } else {
      problems.push({
        field: fieldOfViolation(v.rule, v.layer === repoLayerId),
        message: `[${v.rule}] ${v.message}`,
      });
    }
  }
  const assets = approvedAssetsOfResolution(catalog, result);
  const warnings: string[] = [];
  const excluded = new Map(assets.excluded.map(e => [e.ref, e.reason]));
  for (const ref of extraServers) {
    const reason = excluded.get(ref);
    if (reason && !problems.some(p => p.message.includes(ref))) {
      problems.push({
        field: 'mcpServers',
        message: `${ref} is not one of the servers ${owner} may use: ${reason}`,
      });
    }
  }
  for (const ref of extraSkills) {
    const reason = excluded.get(ref);
    if (reason && !problems.some(p => p.message.includes(ref))) {
      problems.push({
        field: 'skills',
        message: `${ref} is not one of the skills ${owner} may use: ${reason}`,
      });
    }
  }
  if (problems.length > 0) return fail();

  // 4. The skills to copy: the team's and the extras, approved ones only.
  const approvedSkills = new Set(assets.skills.map(s => s.ref));
  const skills: SkillEntity[] = [];
  for (const skill of result.effective.skills) {
    const wanted =
      skill.layer === teamLayerId ||
      skill.layer === repoLayerId ||
      extraSkills.includes(skill.ref);
    if (!wanted) continue;
    const entity = catalog.skills.find(s => entityRefOf(s) === skill.ref);
    if (!entity || !approvedSkills.has(skill.ref)) {
      warnings.push(
        `The team config's skill ${skill.ref} is not copied: ${
          excluded.get(skill.ref) ?? 'not in the catalog'
        }`,
      );
      continue;
    }
    skills.push(entity);
  }

  // 5. Render with the engine's result, for every tool asked for.
  let rendered: RenderedAgentFiles;
  try {
    rendered = renderAgentFiles({
      componentName: name,
      description: request.description,
      owner,
      result,
      mcpServers: catalog.mcpServers,
      skillFolders: skills.map(s => s.metadata.name),
      layout: request.layout,
      tools,
    });
  } catch (error) {
    // A server one of the tools cannot reach (e.g. WebSocket for Codex).
    problems.push({ field: 'tools', message: (error as Error).message });
    return fail();
  }
  return {
    ok: true,
    pin,
    base,
    release,
    team,
    owner,
    result,
    rendered,
    skills,
    warnings,
  };
}
