import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  ANNOTATION_SKILL_NAME,
  ANNOTATION_SOURCE_ISSUES,
  isSkillEntity,
  passesPublishingEvalBar,
  SkillEntity,
  skillPublicationBlockers,
  SkillEvalResult,
  skillEvalBar,
} from '@agent-platform/plugin-agent-platform-common';
import express from 'express';
import Router from 'express-promise-router';
import { PlatformSnapshotCache } from '../services/PlatformSnapshotCache';
import { SkillEvalStore } from '../evals/SkillEvalStore';
import { SkillFiles, SkillFilesReader } from './SkillFilesReader';

const SOURCE_LOCATION = 'backstage.io/source-location';
// The agentskills name rule: lowercase letters, digits and single dashes.
const SKILL_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Schema URL of the agentskills discovery index this router writes. */
export const AGENT_SKILLS_DISCOVERY_SCHEMA =
  'https://schemas.agentskills.io/discovery/0.2.0/schema.json';

/**
 * Errors in the skill's files, or fields the Agent Skills spec does not
 * allow (a warning on the entity, since Claude Code loads them, but the
 * index's consumers validate against the spec).
 */
function hasPublicationBlockers(skill: SkillEntity): boolean {
  const text = skill.metadata.annotations?.[ANNOTATION_SOURCE_ISSUES];
  if (!text) return false;
  try {
    const issues = JSON.parse(text);
    return (
      !Array.isArray(issues) ||
      issues.some(i => i?.severity !== 'warning') ||
      skillPublicationBlockers(issues).length > 0
    );
  } catch {
    return true;
  }
}

const refOf = (s: SkillEntity) =>
  `airesource:${s.metadata.namespace ?? 'default'}/${
    s.metadata.name
  }`.toLocaleLowerCase('en-US');

/** The skill's Agent Skills name, whole (an entity name is cut at 63 characters). */
export function skillNameOf(skill: SkillEntity): string {
  return (
    skill.metadata.annotations?.[ANNOTATION_SKILL_NAME] ?? skill.metadata.name
  );
}

/**
 * The skills the portal publishes: org-wide, passing the eval bar (not
 * deprecated; the latest posted result for its version, in `evals.latest`,
 * not failed, else its declared status not failing; with
 * `evals.requireVerified`, a posted passing result for its version), without
 * errors in their files nor fields the Agent Skills spec does not allow, with
 * an agentskills-valid name (up to 64 characters, kept whole) and a source
 * location to read them from.
 */
export function publishedSkills(
  entities: SkillEntity[],
  evals: {
    latest?: ReadonlyMap<string, SkillEvalResult>;
    requireVerified?: boolean;
  } = {},
): SkillEntity[] {
  const requireVerified = evals.requireVerified ?? false;
  return entities
    .filter(
      s =>
        isSkillEntity(s) &&
        s.spec.scope === 'org' &&
        (s.metadata.namespace ?? 'default') === 'default' &&
        passesPublishingEvalBar(
          s,
          skillEvalBar(s, evals.latest?.get(refOf(s))),
          { requireVerified },
        ) &&
        !hasPublicationBlockers(s) &&
        SKILL_NAME.test(skillNameOf(s)) &&
        skillNameOf(s).length <= 64 &&
        typeof s.metadata.annotations?.[SOURCE_LOCATION] === 'string',
    )
    .sort((a, b) => skillNameOf(a).localeCompare(skillNameOf(b)));
}

function contentType(path: string): string {
  if (path.endsWith('.md')) return 'text/markdown; charset=utf-8';
  if (/\.(txt|py|sh|ts|js|json|ya?ml)$/.test(path)) {
    return 'text/plain; charset=utf-8';
  }
  return 'application/octet-stream';
}

/**
 * Serves the approved org skills the way skill installers discover them, at
 * the backend root, without authentication:
 * `/.well-known/skills/index.json` (`{ skills: [{ name, description, files }] }`),
 * `/.well-known/agent-skills/index.json` (agentskills discovery 0.2.0), and
 * each file at `/.well-known/{skills,agent-skills}/<name>/<path>`.
 */
export function createWellKnownSkillsRouter(options: {
  cache: PlatformSnapshotCache;
  reader: SkillFilesReader;
  logger: LoggerService;
  /** The posted evaluation results, and whether a measured pass is required. */
  evals?: {
    store: Pick<SkillEvalStore, 'latest'>;
    requireVerified: boolean;
  };
}): express.Router {
  const { cache, reader, logger, evals } = options;
  // Folders read per snapshot; a new snapshot (the catalog changed) starts afresh.
  let readFor: { fingerprint: string; files: Map<string, Promise<SkillFiles>> };
  readFor = { fingerprint: '', files: new Map() };

  const filesOf = async (skill: SkillEntity, fingerprint: string) => {
    if (readFor.fingerprint !== fingerprint) {
      readFor = { fingerprint, files: new Map() };
    }
    const name = skillNameOf(skill);
    let files = readFor.files.get(name);
    if (!files) {
      files = reader.read(skill.metadata.annotations![SOURCE_LOCATION]);
      readFor.files.set(name, files);
      files.catch(() => readFor.files.delete(name));
    }
    return files;
  };

  const published = async () => {
    const { index, fingerprint } = await cache.get();
    const candidates = index.catalog.skills.filter(
      s => isSkillEntity(s) && s.spec.scope === 'org' && s.spec.version,
    );
    const latest = evals
      ? await evals.store.latest(
          candidates.map(s => ({
            skillRef: refOf(s),
            version: s.spec.version!,
          })),
        )
      : undefined;
    const skills = publishedSkills(index.catalog.skills, {
      latest,
      requireVerified: evals?.requireVerified,
    });
    const read = await Promise.all(
      skills.map(async skill => {
        try {
          return { skill, files: await filesOf(skill, fingerprint) };
        } catch (error) {
          logger.warn(
            `Skill ${skillNameOf(
              skill,
            )} is not published: its files could not be read: ${error}`,
          );
          return undefined;
        }
      }),
    );
    return read.filter(<T>(r: T | undefined): r is T => r !== undefined);
  };

  const router = Router();

  router.get('/skills/index.json', async (_req, res) => {
    const skills = await published();
    res.json({
      skills: skills.map(({ skill, files }) => ({
        name: skillNameOf(skill),
        description: skill.metadata.description ?? '',
        files: [...files.files.keys()],
      })),
    });
  });

  router.get('/agent-skills/index.json', async (_req, res) => {
    const skills = await published();
    res.json({
      $schema: AGENT_SKILLS_DISCOVERY_SCHEMA,
      skills: skills.map(({ skill, files }) => ({
        name: skillNameOf(skill),
        type: 'skill-md',
        description: skill.metadata.description ?? '',
        // Relative to this index, as the discovery schema resolves it.
        url: `${skillNameOf(skill)}/SKILL.md`,
        digest: files.digest,
      })),
    });
  });

  router.get(/^\/(skills|agent-skills)\/([^/]+)\/(.+)$/, async (req, res) => {
    const name = req.params[1];
    const path = req.params[2];
    const skills = await published();
    const found = skills.find(s => skillNameOf(s.skill) === name);
    // Only paths listed for the skill are served: nothing outside its folder.
    const content = found?.files.files.get(path);
    if (!content) {
      throw new NotFoundError(`No published skill file ${name}/${path}`);
    }
    res.setHeader('Content-Type', contentType(path));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(content);
  });

  return router;
}
