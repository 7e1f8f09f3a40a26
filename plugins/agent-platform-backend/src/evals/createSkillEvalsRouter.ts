import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  agentPlatformSkillEvalPostPermission,
  checkSkillEvalPost,
  latestSkillEval,
  SkillEntity,
  skillEvalBar,
  skillEvalTokenSubject,
} from '@agent-platform/plugin-agent-platform-common';
import express from 'express';
import Router from 'express-promise-router';
import { AgentPlatformClock } from '../services/clock';
import { requirePermission } from '../services/requirePermission';
import { teamParamsSchema } from '../schemas';
import { SkillEvalStore } from './SkillEvalStore';

/** The skills of the current catalog snapshot. */
export type SkillLookup = () => Promise<readonly SkillEntity[]>;

/**
 * `POST` and `GET /skills/:namespace/:name/evals`: evaluation results of a
 * skill's versions.
 *
 * POST takes a result (`SkillEvalPost`) only from a service principal with
 * `agent-platform.skill.eval.post` whose subject names the skill
 * (`skill-eval:<namespace>/<name>`, see `skillEvalTokenSubject`): an
 * external-access token configured per skill. It refuses, storing nothing,
 * an unknown skill (404), a version other than the catalog's (400),
 * malformed fields or impossible counts (400, every problem named), and a
 * replayed idempotency key (409).
 *
 * GET returns the skill's current version, its eval bar (measured or
 * declared) and its results, newest first.
 */
export function createSkillEvalsRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  store: SkillEvalStore;
  skills: SkillLookup;
  clock: AgentPlatformClock;
  maxAgeDays?: number;
}): express.Router {
  const { httpAuth, permissions, store, skills, clock } = options;
  const router = Router();
  router.use('/skills', express.json({ limit: '64kb' }));

  const findSkill = async (params: unknown) => {
    const parsed = teamParamsSchema.safeParse(params);
    if (!parsed.success) {
      throw new InputError(
        parsed.error.issues
          .map(i => `${i.path.join('.')} ${i.message}`)
          .join('; '),
      );
    }
    const namespace = parsed.data.namespace.toLocaleLowerCase('en-US');
    const name = parsed.data.name.toLocaleLowerCase('en-US');
    const ref = `airesource:${namespace}/${name}`;
    const skill = (await skills()).find(
      s =>
        (s.metadata.namespace ?? 'default').toLocaleLowerCase('en-US') ===
          namespace && s.metadata.name.toLocaleLowerCase('en-US') === name,
    );
    return { ref, namespace, name, skill };
  };

  router.post('/skills/:namespace/:name/evals', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    await requirePermission(
      permissions,
      credentials,
      { permission: agentPlatformSkillEvalPostPermission },
      'post skill evaluation results',
    );
    const { ref, namespace, name, skill } = await findSkill(req.params);
    const subject = credentials.principal.subject;
    const expected = skillEvalTokenSubject({ namespace, name });
    if (subject.toLocaleLowerCase('en-US') !== expected) {
      throw new NotAllowedError(
        `The credential ${subject} may not post evaluation results for ${ref}: only a token whose subject is ${expected} may`,
      );
    }
    if (!skill) {
      throw new NotFoundError(`No skill ${ref} in the catalog`);
    }
    const checked = checkSkillEvalPost(req.body, {
      now: clock.now(),
      maxAgeDays: options.maxAgeDays,
    });
    if (!checked.ok) {
      throw new InputError(
        `Invalid evaluation result for ${ref}: ${checked.problems.join('; ')}`,
      );
    }
    const post = checked.value;
    const version = skill.spec.version;
    if (post.version !== version) {
      throw new InputError(
        version
          ? `version ${post.version} is not the version of ${ref} in the catalog (${version}); post the result for the version the catalog has read`
          : `${ref} has no version in the catalog (metadata.version of its SKILL.md); results are kept per version`,
      );
    }
    const outcome = await store.insert(ref, post, {
      receivedAt: clock.now(),
      postedBy: subject,
    });
    if (!outcome.stored) {
      throw new ConflictError(
        `A result with idempotency key ${JSON.stringify(
          post.idempotencyKey,
        )} was already recorded for ${ref} at ${
          outcome.existing.receivedAt
        }; nothing was stored`,
      );
    }
    res.status(201).json(outcome.result);
  });

  router.get('/skills/:namespace/:name/evals', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const { ref, skill } = await findSkill(req.params);
    if (!skill) {
      throw new NotFoundError(`No skill ${ref} in the catalog`);
    }
    const results = await store.list(ref);
    const latest = latestSkillEval(results, skill.spec.version);
    res.json({
      skill: ref,
      version: skill.spec.version ?? null,
      bar: skillEvalBar(skill, latest),
      results,
    });
  });

  return router;
}
