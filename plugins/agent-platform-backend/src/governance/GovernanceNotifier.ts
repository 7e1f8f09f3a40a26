import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  AgentConfigException,
  computeGovernanceAlerts,
  ExceptionRequest,
  GovernanceAlert,
  HeldExceptionState,
  TeamBudgetState,
} from '@agent-platform/plugin-agent-platform-common';
import { AgentPlatformClock } from '../services/clock';
import { PlatformSnapshot } from '../services/PlatformSnapshotCache';
import { NotificationStateStore } from './NotificationStateStore';

/**
 * What one run did.
 *
 * @public
 */
export interface GovernanceNotifierRun {
  /** Conditions found. */
  conditions: number;
  /** Notifications sent (new or changed conditions). */
  sent: number;
  /** Conditions that ended and were forgotten. */
  ended: number;
  /**
   * Conditions whose recipients, and the platform team, reach nobody (groups
   * with no members in the catalog): not sent, tried again on the next run.
   */
  unreachable: number;
}

/**
 * Where the notifier reads what the snapshot does not hold.
 *
 * @public
 */
export interface GovernanceNotifierInputs {
  /** Budget states of the teams this month. */
  budgets(): Promise<TeamBudgetState[]>;
  /** Pending requests and requests decided recently. */
  requests(now: Date): Promise<ExceptionRequest[]>;
  /** The platform team (Group ref). */
  platformTeam: string;
  /** Groups that approve exceptions besides the platform team. */
  approverGroups: string[];
  /**
   * Which of the refs reach at least one user (see the core's
   * `recipientsReachingAUser`). Without it, every recipient is assumed to.
   */
  reachable?(refs: string[]): Promise<Set<string>>;
}

/**
 * The exceptions the snapshot's team configs hold, by team.
 *
 * @public
 */
export function heldExceptionsOf(
  snapshot: Pick<PlatformSnapshot, 'index'>,
): HeldExceptionState[] {
  const held: HeldExceptionState[] = [];
  for (const [team, configs] of snapshot.index.teamConfigsByOwner) {
    for (const config of configs) {
      const exceptions = (config.spec as { exceptions?: unknown }).exceptions;
      if (!Array.isArray(exceptions)) continue;
      for (const e of exceptions as AgentConfigException[]) {
        if (typeof e?.target !== 'string' || typeof e.until !== 'string') {
          continue;
        }
        held.push({
          team,
          target: e.target,
          until: e.until,
          ...(e.rejected ? { rejected: e.rejected } : {}),
        });
      }
    }
  }
  return held;
}

/**
 * Tells teams and the platform team about governance conditions through the
 * notifications service, once per condition until it changes: each
 * condition's state is stored (see {@link NotificationStateStore}) and only a
 * new or changed state is sent, with the condition's scope as the
 * notification's scope (so the notifications backend updates the earlier
 * notification instead of adding one).
 *
 * @public
 */
export class GovernanceNotifier {
  readonly #notifications: NotificationService;
  readonly #states: NotificationStateStore;
  readonly #clock: AgentPlatformClock;
  readonly #logger: LoggerService;
  readonly #inputs: GovernanceNotifierInputs;
  #running: Promise<unknown> = Promise.resolve();
  // What this instance last knew was stored, so that a run reads the table
  // only the first time and after another instance got ahead of it (a claim
  // failed); the claims themselves are always checked against the table.
  #known?: Map<string, string>;

  constructor(options: {
    notifications: NotificationService;
    states: NotificationStateStore;
    clock: AgentPlatformClock;
    logger: LoggerService;
    inputs: GovernanceNotifierInputs;
  }) {
    this.#notifications = options.notifications;
    this.#states = options.states;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#inputs = options.inputs;
  }

  /**
   * Computes the conditions of a snapshot and sends what is new. Runs are
   * queued, never concurrent, so one instance never sends a condition twice.
   */
  run(snapshot: PlatformSnapshot): Promise<GovernanceNotifierRun> {
    const run = this.#running.then(() => this.#run(snapshot));
    this.#running = run.catch(() => undefined);
    return run;
  }

  /** The alerts of a snapshot, without sending anything. */
  async alerts(snapshot: PlatformSnapshot): Promise<GovernanceAlert[]> {
    const now = this.#clock.now();
    const [budgets, requests] = await Promise.all([
      this.#inputs.budgets(),
      this.#inputs.requests(now),
    ]);
    return computeGovernanceAlerts({
      overview: snapshot.overview,
      exceptions: heldExceptionsOf(snapshot),
      budgets,
      requests,
      platformTeam: this.#inputs.platformTeam,
      approverGroups: this.#inputs.approverGroups,
      now,
    });
  }

  async #run(snapshot: PlatformSnapshot): Promise<GovernanceNotifierRun> {
    const [alerts, stored] = await Promise.all([
      this.alerts(snapshot),
      this.#known ?? this.#states.states(),
    ]);
    this.#known = stored;
    const at = this.#clock.now().toISOString();
    let sent = 0;
    let unreachable = 0;
    const current = new Set<string>();
    const platform = this.#inputs.platformTeam;
    const changed = alerts.filter(a => stored.get(a.scope) !== a.state);
    const reach = this.#inputs.reachable
      ? await this.#inputs.reachable([
          ...new Set([platform, ...changed.flatMap(a => a.recipients)]),
        ])
      : undefined;
    for (const alert of alerts) {
      current.add(alert.scope);
      const previous = stored.get(alert.scope);
      if (previous === alert.state) continue;
      let recipients = alert.recipients;
      let description = alert.description;
      if (reach && !recipients.some(r => reach.has(r))) {
        // Sent to groups with no members, the notification would be
        // stored for nobody: tell the platform team instead, saying why.
        const nobody = `${recipients.join(', ')} ${
          recipients.length === 1 ? 'has' : 'have'
        } no members in the catalog`;
        if (!reach.has(platform)) {
          unreachable += 1;
          this.#logger.warn(
            `Not sent, tried again on the next run: ${alert.scope}: ${nobody}, and neither has the platform team ${platform}`,
          );
          continue;
        }
        this.#logger.warn(
          `${alert.scope}: ${nobody}; telling the platform team ${platform} instead`,
        );
        recipients = [platform];
        description = `${description} (Sent to the platform team: ${nobody}; add the team's members to the catalog so that it is told itself.)`;
      }
      if (!(await this.#states.claim(alert.scope, previous, alert.state, at))) {
        // Another instance told it already: read the table again next time.
        this.#known = undefined;
        continue;
      }
      stored.set(alert.scope, alert.state);
      try {
        await this.#notifications.send({
          recipients: { type: 'entity', entityRef: recipients },
          payload: {
            title: alert.title,
            description,
            link: alert.link,
            severity: alert.severity,
            topic: alert.topic,
            scope: alert.scope,
          },
        });
        sent += 1;
      } catch (error) {
        // Not told: forget the claim so that the next run tries again.
        await this.#states.forget([alert.scope]);
        stored.delete(alert.scope);
        this.#logger.warn(
          `Could not send the notification for ${alert.scope}: ${error}`,
        );
      }
    }
    const ended = [...stored.keys()].filter(scope => !current.has(scope));
    await this.#states.forget(ended);
    for (const scope of ended) stored.delete(scope);
    return { conditions: alerts.length, sent, ended: ended.length, unreachable };
  }
}
