import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  agentPlatformTeamNotifyPermission,
  buildTeamNudge,
} from '@agent-platform/plugin-agent-platform-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import Router from 'express-promise-router';
import { PlatformSnapshotCache } from '../services/PlatformSnapshotCache';
import { requirePermission } from '../services/requirePermission';
import { audited } from './audited';

/**
 * The overview's "Notify owners" (mounted under `/api/agent-platform`):
 * `GET /teams/notify-allowed` says whether the caller may;
 * `POST /teams/:namespace/:name/notify` sends the team one notification
 * about its agent config (drift and violations, from the snapshot; see the
 * core's `buildTeamNudge`), under one scope per team so that a second one
 * updates the first. Platform team only
 * (`agent-platform.team.notify`); every call, allowed or not, is an auditor
 * event (`team-notify`). 404 for a team without a team config, 409 when
 * there is nothing to tell or the team has no members to tell.
 *
 * @public
 */
export function createNotifyRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  notifications: NotificationService;
  cache: Pick<PlatformSnapshotCache, 'get'>;
  /** Which refs reach at least one user (see `catalogRecipientReach`). */
  reachable?: (refs: string[]) => Promise<Set<string>>;
}): express.Router {
  const router = Router();
  // Whether the caller may notify (the overview shows its buttons only then).
  router.get('/teams/notify-allowed', async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user'],
    });
    const [decision] = await options.permissions.authorize(
      [{ permission: agentPlatformTeamNotifyPermission }],
      { credentials },
    );
    res.json({ allowed: decision.result === AuthorizeResult.ALLOW });
  });
  router.post('/teams/:namespace/:name/notify', async (req, res) => {
    const team =
      `group:${req.params.namespace}/${req.params.name}`.toLocaleLowerCase(
        'en-US',
      );
    const answer = await audited(
      options.auditor,
      {
        eventId: 'team-notify',
        severityLevel: 'low',
        request: req,
        meta: { team },
      },
      async () => {
        const credentials = await options.httpAuth.credentials(req, {
          allow: ['user'],
        });
        await requirePermission(
          options.permissions,
          credentials,
          { permission: agentPlatformTeamNotifyPermission },
          "notify a team's owners",
        );
        const { snapshot } = await options.cache.get();
        const row = snapshot.team(team);
        if (!row) {
          throw new NotFoundError(
            `${team} has no team agent config in the portal, so there is nothing to tell it about`,
          );
        }
        const nudge = buildTeamNudge(row, credentials.principal.userEntityRef);
        if (!nudge) {
          throw new ConflictError(
            `${team} is up to date and its agent config has no violation: there is nothing to tell it`,
          );
        }
        if (options.reachable && !(await options.reachable([team])).has(team)) {
          throw new ConflictError(
            `${team} has no members in the catalog, so a notification would reach nobody; add its members first`,
          );
        }
        await options.notifications.send({
          recipients: { type: 'entity', entityRef: team },
          payload: {
            title: nudge.title,
            description: nudge.description,
            link: nudge.link,
            severity: nudge.severity,
            topic: 'agent-platform-nudge',
            scope: nudge.scope,
          },
        });
        return { sent: true, ...nudge };
      },
      result => ({ severity: result.severity, scope: result.scope }),
    );
    res.json(answer);
  });
  return router;
}
