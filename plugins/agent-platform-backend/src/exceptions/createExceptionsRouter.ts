import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { ExceptionService } from './ExceptionService';

const dateText = z.string().trim().max(10);

const requestSchema = z.object({
  team: z.string().trim().min(1).max(255),
  target: z.string().trim().min(1).max(1000),
  reason: z.string().trim().min(1).max(2000),
  since: dateText.optional(),
  until: dateText,
});

const decisionSchema = z.object({
  note: z.string().trim().max(2000).optional(),
});

const idSchema = z.object({ id: z.string().uuid() });
const listSchema = z.object({ team: z.string().trim().min(1).optional() });

function parse<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: string,
): z.infer<T> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues
        .map(i => `${where}${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`)
        .join('; '),
    );
  }
  return parsed.data;
}

/**
 * Routes of exception requests (mounted under `/api/agent-platform`):
 * `GET /exceptions?team=`, `POST /exceptions` (a team member requests),
 * `POST /exceptions/:id/approve` and `/deny` (an approver decides).
 *
 * @public
 */
export function createExceptionsRouter(options: {
  httpAuth: HttpAuthService;
  exceptions: ExceptionService;
}): express.Router {
  const { httpAuth, exceptions } = options;
  const router = Router();
  router.use('/exceptions', express.json());

  router.get('/exceptions', async (req, res) => {
    const { team } = parse(listSchema, req.query, 'query');
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await exceptions.list({ team }, credentials));
  });

  router.post('/exceptions', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const input = parse(requestSchema, req.body, 'body');
    res.status(201).json(await exceptions.request(input, credentials));
  });

  for (const [action, status] of [
    ['approve', 'approved'],
    ['deny', 'denied'],
  ] as const) {
    router.post(`/exceptions/:id/${action}`, async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const { id } = parse(idSchema, req.params, 'path');
      const { note } = parse(decisionSchema, req.body, 'body');
      res.json(await exceptions.decide(id, { status, note }, credentials));
    });
  }
  return router;
}
