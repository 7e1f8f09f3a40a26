import {
  AuditorService,
  AuthService,
  DatabaseService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { TeamBudgetState } from '@agent-platform/plugin-agent-platform-common';
import { ExceptionService, ExceptionSettings } from '../exceptions/ExceptionService';
import { AgentPlatformClock } from '../services/clock';
import {
  PlatformSnapshot,
  PlatformSnapshotCache,
} from '../services/PlatformSnapshotCache';
import { SpendQueryService } from '../spend/SpendQueryService';
import { GovernanceNotifier } from './GovernanceNotifier';
import { DatabaseNotificationStateStore } from './NotificationStateStore';
import { catalogRecipientReach } from './recipientReach';

/**
 * Sets up governance notifications: after each snapshot, and after each
 * exception request and decision, the conditions are computed and what is
 * new is sent. Off with `agentPlatform.notifications.enabled: false`.
 *
 * @public
 */
export async function setUpNotifications(deps: {
  config: RootConfigService;
  auditor: AuditorService;
  auth: AuthService;
  catalog: CatalogService;
  database: DatabaseService;
  logger: LoggerService;
  clock: AgentPlatformClock;
  notifications: NotificationService;
  cache: PlatformSnapshotCache;
  exceptions: ExceptionService;
  settings: ExceptionSettings;
  spend: Pick<SpendQueryService, 'platformTable'>;
}): Promise<GovernanceNotifier | undefined> {
  if (
    deps.config.getOptionalBoolean('agentPlatform.notifications.enabled') ===
    false
  ) {
    return undefined;
  }
  const notifier = new GovernanceNotifier({
    notifications: deps.notifications,
    states: await DatabaseNotificationStateStore.create(deps),
    clock: deps.clock,
    logger: deps.logger,
    inputs: {
      budgets: async () => {
        const today = deps.clock.now().toISOString().slice(0, 10);
        const table = await deps.spend.platformTable({
          from: `${today.slice(0, 7)}-01`,
          to: today,
        });
        return table.rows.flatMap((row): TeamBudgetState[] =>
          row.team && row.budget
            ? [
                {
                  team: row.team,
                  month: row.budget.month,
                  state: row.budget.state,
                  monthToDate: row.budget.monthToDate,
                  monthlyUsd: row.budget.monthlyUsd,
                },
              ]
            : [],
        );
      },
      requests: now => deps.exceptions.recent(now),
      platformTeam: deps.settings.platformTeam,
      approverGroups: deps.settings.approverGroups,
      reachable: catalogRecipientReach(deps),
    },
  });
  const runOn = async (snapshot: PlatformSnapshot) => {
    const result = await notifier.run(snapshot);
    if (result.sent > 0 || result.unreachable > 0) {
      // Sending notifications is a write the suite performs: audited.
      const audit = await deps.auditor.createEvent({
        eventId: 'notifications-send',
        severityLevel: 'low',
        meta: { ...result },
      });
      await audit.success();
      deps.logger.info(
        `Governance notifications: ${result.sent} sent, ${result.conditions} conditions, ${result.ended} ended, ${result.unreachable} reaching nobody`,
      );
    }
  };
  deps.cache.onSnapshot(runOn);
  deps.exceptions.onChange(async () => runOn(await deps.cache.get()));
  return notifier;
}
