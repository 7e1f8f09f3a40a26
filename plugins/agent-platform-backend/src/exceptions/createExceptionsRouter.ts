import {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { audited } from '../governance/audited';
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
 * `POST /exceptions/:id/approve` and `/deny` (an approver decides). Every
 * request and decision, allowed or not, is an auditor event
 * (`exception-request`, `exception-decision`).
 *
 * @public
 */
export function createExceptionsRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  exceptions: ExceptionService;
}): express.Router {
  const { httpAuth, auditor, exceptions } = options;
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
    const created = await audited(
      auditor,
      {
        eventId: 'exception-request',
        severityLevel: 'medium',
        request: req,
        meta: {
          team: String(req.body?.team ?? ''),
          target: String(req.body?.target ?? ''),
          until: String(req.body?.until ?? ''),
        },
      },
      async () => {
        const credentials = await httpAuth.credentials(req, {
          allow: ['user'],
        });
        const input = parse(requestSchema, req.body, 'body');
        return exceptions.request(input, credentials);
      },
      request => ({ id: request.id, since: request.since }),
    );
    res.status(201).json(created);
  });

  for (const [action, status] of [
    ['approve', 'approved'],
    ['deny', 'denied'],
  ] as const) {
    router.post(`/exceptions/:id/${action}`, async (req, res) => {
      const decided = await audited(
        auditor,
        {
          eventId: 'exception-decision',
          severityLevel: 'high',
          request: req,
          meta: { id: String(req.params.id), decision: status },
        },
        async () => {
          const credentials = await httpAuth.credentials(req, {
            allow: ['user'],
          });
          const { id } = parse(idSchema, req.params, 'path');
          const { note } = parse(decisionSchema, req.body, 'body');
          return exceptions.decide(id, { status, note }, credentials);
        },
        request => ({
          team: request.team,
          target: request.target,
          until: request.until,
          decidedBy: request.decidedBy ?? '',
        }),
      );
      res.json(decided);
    });
  }
  return router;
}
