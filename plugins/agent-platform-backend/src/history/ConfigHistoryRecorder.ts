import { LoggerService } from '@backstage/backend-plugin-api';
import {
  diffEffectiveConfigStates,
  EffectiveConfigState,
  effectiveConfigStateKey,
} from '@agent-platform/plugin-agent-platform-common';
import { AgentPlatformClock } from '../services/clock';
import { PlatformSnapshotState } from '../services/PlatformSnapshotCache';
import {
  ConfigHistoryStore,
  ConfigHistoryWrite,
  sha256,
} from './ConfigHistoryStore';

/**
 * What one run recorded.
 *
 * @public
 */
export interface ConfigHistoryRun {
  /** Subjects in the snapshot. */
  subjects: number;
  /** Changes recorded (first states, changes and removals). */
  recorded: number;
}

/**
 * Records the history of each team's and repository's effective config:
 * after each snapshot, every subject whose state differs from the one last
 * stored gets a history row with what changed. Unchanged subjects are
 * skipped by identity (the snapshot replaces a state object only when it
 * recomputes it) or by hash, so a snapshot that changes nothing records
 * nothing, and a restart compares with the stored states.
 *
 * @public
 */
export class ConfigHistoryRecorder {
  readonly #store: ConfigHistoryStore;
  readonly #clock: AgentPlatformClock;
  readonly #logger: LoggerService;
  #running: Promise<unknown> = Promise.resolve();
  // Subject to the hash last stored and the state object it was computed
  // from; read from the table on the first run and after a lost claim.
  #known?: Map<string, { hash: string; state?: EffectiveConfigState }>;

  constructor(options: {
    store: ConfigHistoryStore;
    clock: AgentPlatformClock;
    logger: LoggerService;
  }) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#logger = options.logger;
  }

  /** Records what changed in a snapshot. Runs are queued, never concurrent. */
  run(snapshot: Pick<PlatformSnapshotState, 'snapshot'>): Promise<ConfigHistoryRun> {
    const run = this.#running.then(() => this.#run(snapshot));
    this.#running = run.catch(() => undefined);
    return run;
  }

  async #run({
    snapshot,
  }: Pick<PlatformSnapshotState, 'snapshot'>): Promise<ConfigHistoryRun> {
    const states = snapshot.configStates();
    if (!this.#known) {
      const hashes = await this.#store.hashes();
      this.#known = new Map(
        [...hashes].map(([subject, hash]) => [subject, { hash }]),
      );
    }
    const known = this.#known;
    const changed: Array<{
      subject: string;
      state?: EffectiveConfigState;
      hash?: string;
    }> = [];
    for (const [subject, state] of states) {
      const seen = known.get(subject);
      if (seen?.state === state) continue;
      const hash = sha256(effectiveConfigStateKey(state));
      if (seen?.hash === hash) {
        seen.state = state;
        continue;
      }
      changed.push({ subject, state, hash });
    }
    for (const subject of known.keys()) {
      if (!states.has(subject)) changed.push({ subject });
    }
    if (changed.length === 0) {
      return { subjects: states.size, recorded: 0 };
    }
    const previous = await this.#store.states(
      changed.filter(c => known.has(c.subject)).map(c => c.subject),
    );
    const writes: ConfigHistoryWrite[] = changed.map(c => ({
      subject: c.subject,
      ...(known.has(c.subject) ? { fromHash: known.get(c.subject)!.hash } : {}),
      ...(c.hash ? { toHash: c.hash, state: c.state } : {}),
      change: diffEffectiveConfigStates(previous.get(c.subject), c.state),
    }));
    const recorded = new Set(
      await this.#store.record(writes, this.#clock.now().toISOString()),
    );
    for (const c of changed) {
      if (!recorded.has(c.subject)) continue;
      if (c.hash) known.set(c.subject, { hash: c.hash, state: c.state });
      else known.delete(c.subject);
    }
    if (recorded.size < changed.length) {
      // Another instance recorded some first: read the table again next time.
      this.#known = undefined;
      this.#logger.debug(
        `Config history: ${changed.length - recorded.size} changes were recorded by another instance`,
      );
    }
    return { subjects: states.size, recorded: recorded.size };
  }
}
