/*
 * The example organisation as the telemetry generator needs it, read from examples/: teams and
 * users (org/org.yaml), budgets and team skills (catalog/agent-configs.yaml), repositories and the
 * MCP servers wired in each (repos/<repo>/catalog-info.yaml and .mcp.json), skills
 * (skills/<folder>/SKILL.md) and the org skills and model routing of the newest org base release
 * (org-base/releases/<version>/RELEASE.md).
 */
import {
  parseEntityDocuments,
  parseFrontmatter,
} from '@agent-platform/plugin-agent-platform-common';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One team of the example organisation. */
export interface DemoTeam {
  /** The Group's name, also the `team.id` its members set. */
  name: string;
  /** `spec.budget.monthlyUsd` of the team's agent config, when set. */
  monthlyUsd?: number;
  /** User emails. */
  members: string[];
  /** User entity refs, in the order of `members`. */
  memberRefs: string[];
  /** Skill names this team's agents use: org skills, the config's, its own team skills. */
  skills: string[];
  /** The team's repositories and the MCP servers each wires in `.mcp.json`. */
  repos: { name: string; mcpServers: string[] }[];
}

/** The example organisation. */
export interface DemoOrg {
  teams: DemoTeam[];
  /** Team-scoped skills by name, with their owning team. */
  teamSkills: Map<string, string>;
  /** The org base's model routing (default, plan, background). */
  models: { default: string; plan: string; background: string };
}

function readEntities(file: string) {
  const parsed = parseEntityDocuments(readFileSync(file, 'utf8'), { file });
  if (parsed.issues.length > 0) {
    throw new Error(`${file}: ${parsed.issues.map(i => i.message).join('; ')}`);
  }
  return parsed.entities;
}

function nameOfRef(ref: unknown): string {
  return String(ref).replace(/^[a-z]+:(default\/)?/i, '');
}

function versionKey(v: string): number[] {
  return v.split('.').map(Number);
}

/** Reads the example organisation from `examplesRoot` (the repository's `examples/`). */
export function loadDemoOrg(examplesRoot: string): DemoOrg {
  const org = readEntities(join(examplesRoot, 'org/org.yaml'));
  const configs = readEntities(
    join(examplesRoot, 'catalog/agent-configs.yaml'),
  );

  // The newest org base release: org skills and model routing.
  const releasesDir = join(examplesRoot, 'org-base/releases');
  const newest = readdirSync(releasesDir)
    .filter(v => /^\d+\.\d+\.\d+$/.test(v))
    .sort((a, b) => {
      const [x, y] = [versionKey(a), versionKey(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    })
    .pop();
  if (!newest) {
    throw new Error(`No org base release in ${releasesDir}`);
  }
  const releaseFile = join(releasesDir, newest, 'RELEASE.md');
  const release = parseFrontmatter(readFileSync(releaseFile, 'utf8'), {
    file: releaseFile,
  }).data;
  const orgSkills = (release.skills as string[] | undefined) ?? [];
  const routing = (release.modelRouting as Record<string, string>) ?? {};
  const models = {
    default: routing.default ?? 'claude-sonnet-4-6',
    plan: routing.plan ?? 'claude-opus-4-8',
    background: routing.background ?? 'claude-haiku-4-5',
  };

  // Team-scoped skills and their owners (SKILL.md metadata).
  const teamSkills = new Map<string, string>();
  const skillsDir = join(examplesRoot, 'skills');
  for (const folder of readdirSync(skillsDir).sort()) {
    const file = join(skillsDir, folder, 'SKILL.md');
    if (!existsSync(file)) continue;
    const data = parseFrontmatter(readFileSync(file, 'utf8'), { file }).data;
    const metadata = (data.metadata ?? {}) as Record<string, unknown>;
    if (metadata.scope === 'team' && typeof data.name === 'string') {
      teamSkills.set(data.name, nameOfRef(metadata.owner));
    }
  }

  // Repositories by owning team, with the MCP servers of their .mcp.json.
  const reposDir = join(examplesRoot, 'repos');
  const reposByTeam = new Map<string, DemoTeam['repos']>();
  for (const folder of readdirSync(reposDir).sort()) {
    const info = join(reposDir, folder, 'catalog-info.yaml');
    if (!existsSync(info)) continue;
    const component = readEntities(info).find(e => e.kind === 'Component');
    if (!component) continue;
    const mcpFile = join(reposDir, folder, '.mcp.json');
    const mcpServers = existsSync(mcpFile)
      ? Object.keys(JSON.parse(readFileSync(mcpFile, 'utf8')).mcpServers ?? {})
      : [];
    const team = nameOfRef(component.spec?.owner);
    reposByTeam.set(team, [
      ...(reposByTeam.get(team) ?? []),
      { name: component.metadata.name, mcpServers: mcpServers.sort() },
    ]);
  }

  const teams: DemoTeam[] = org
    .filter(e => e.kind === 'Group' && e.spec?.type === 'team')
    .map(group => {
      const name = group.metadata.name;
      const config = configs.find(
        c =>
          c.spec?.type === 'agent-config' &&
          c.spec?.level === 'team' &&
          nameOfRef(c.spec?.owner) === name,
      );
      const budget = config?.spec?.budget as
        | { monthlyUsd?: number }
        | undefined;
      const configSkills = ((config?.spec?.skills as string[]) ?? []).map(
        nameOfRef,
      );
      const ownSkills = [...teamSkills]
        .filter(([, o]) => o === name)
        .map(([s]) => s);
      const users = org
        .filter(
          e =>
            e.kind === 'User' &&
            ((e.spec?.memberOf as string[]) ?? [])
              .map(nameOfRef)
              .includes(name),
        )
        .map(u => ({
          email: ((u.spec?.profile as { email?: string })?.email ??
            `${u.metadata.name}@acme.example`) as string,
          ref: `user:${u.metadata.namespace ?? 'default'}/${u.metadata.name}`,
        }))
        .sort((a, b) => a.email.localeCompare(b.email));
      const members = users.map(u => u.email);
      const memberRefs = users.map(u => u.ref);
      return {
        name,
        monthlyUsd: budget?.monthlyUsd,
        members,
        memberRefs,
        skills: [...new Set([...orgSkills, ...configSkills, ...ownSkills])],
        repos: reposByTeam.get(name) ?? [],
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));

  return { teams, teamSkills, models };
}
