import { CumulativeSeriesState } from '@agent-platform/plugin-agent-platform-common';
import { Knex } from 'knex';
import {
  AttributedSpendPoint,
  chunks,
  clip,
  COLUMNS,
  DAY_KEYS,
  DIMENSION_COLUMNS,
  HOUR_KEYS,
  MEASURE_COLUMNS,
  pointKeyHash,
  pointKeyOf,
  POINT_COLUMNS,
  pointValues,
  ROLLUP_DIMENSIONS,
  RollupRow,
  sha256,
  SOURCE_DAY_KEYS,
  STATEMENT_COLUMNS,
} from './spendColumns';
import {
  SpendRollupTable,
  SqliteSpendStatements,
  SqliteStatementCache,
  sqliteSpendStatements,
} from './sqliteStatements';
import type { SpendWriter } from '../SpendStore';

const HOUR_MS = 3_600_000;
const ADMIN_API = 'admin-api';
const OTLP = 'otlp';

const userDayId = (user: string, day: string) => `${user}\u0000${day}`;

/**
 * The writes of one transaction: raw points, cumulative series state, and
 * the rollups, with the rule that picks one source per user-day.
 *
 * The rule: the Admin API report is the billing truth, OTLP the real-time
 * view. A user's day counts OTLP spend until a report covering that user and
 * day arrives; from then on it counts the report's figures only: the OTLP
 * spend already rolled up for the user-day is taken out of the daily rollup,
 * and OTLP spend arriving later for it is kept (raw, hourly, per source) but
 * not added. Spend without a user (API-key actors, OTLP without `user.email`)
 * is never replaced. Both sources stay in the hourly rollup and in the
 * per-team daily totals per source (the reconciliation view).
 *
 * On PostgreSQL both sources take the user-day's row lock first (an upsert
 * of `spend_user_days`), in a stable order, so that a report and OTLP for the
 * same user-day cannot both miss each other.
 */
export class SpendWriteBatch implements SpendWriter {
  readonly #trx: Knex.Transaction;
  readonly #prepared: SqliteStatementCache;
  readonly #pg: boolean;
  readonly #keepPoints: boolean;
  #lastHour = -1;
  #lastHourText = '';

  /**
   * @param keepPoints - whether each new point's attributes are stored in
   * `spend_points` as well as its key (`retention.pointDays` above 0)
   */
  constructor(
    trx: Knex.Transaction,
    prepared: SqliteStatementCache,
    keepPoints = true,
  ) {
    this.#trx = trx;
    this.#prepared = prepared;
    this.#pg = trx.client.config.client === 'pg';
    this.#keepPoints = keepPoints;
  }

  #sqlite(): Promise<SqliteSpendStatements | undefined> {
    return sqliteSpendStatements(this.#trx, this.#prepared, STATEMENT_COLUMNS);
  }

  async readSeries(
    series: string[],
  ): Promise<Map<string, CumulativeSeriesState>> {
    const byHash = new Map(series.map(s => [sha256(s), s]));
    const states = new Map<string, CumulativeSeriesState>();
    const sqlite = await this.#sqlite();
    if (sqlite) {
      for (const [hash, name] of byHash) {
        const row = sqlite.readSeries.get(hash);
        if (row) {
          states.set(name, {
            startNanos: row.start_nanos as string,
            timeNanos: row.time_nanos as string,
            value: Number(row.value),
          });
        }
      }
      return states;
    }
    for (const chunk of chunks([...byHash.keys()])) {
      let query = this.#trx('spend_series').whereIn('series_hash', chunk);
      if (this.#pg) query = query.forUpdate();
      for (const row of await query) {
        states.set(byHash.get(row.series_hash)!, {
          startNanos: row.start_nanos,
          timeNanos: row.time_nanos,
          value: Number(row.value),
        });
      }
    }
    return states;
  }

  async writeSeries(
    states: Map<string, CumulativeSeriesState>,
    now: number,
  ): Promise<void> {
    const rows = [...states]
      .map(([series, state]) => ({
        series_hash: sha256(series),
        start_nanos: state.startNanos,
        time_nanos: state.timeNanos,
        value: state.value,
        updated_at: now,
      }))
      .sort((a, b) => (a.series_hash < b.series_hash ? -1 : 1));
    const sqlite = await this.#sqlite();
    if (sqlite) {
      for (const r of rows) {
        sqlite.writeSeries.run(
          r.series_hash,
          r.start_nanos,
          r.time_nanos,
          r.value,
          r.updated_at,
        );
      }
      return;
    }
    for (const chunk of chunks(rows)) {
      await this.#trx('spend_series')
        .insert(chunk)
        .onConflict('series_hash')
        .merge(['start_nanos', 'time_nanos', 'value', 'updated_at']);
    }
  }

  async insertPoints(
    points: AttributedSpendPoint[],
    now: number,
  ): Promise<{ inserted: number; duplicates: number }> {
    const unique = new Map<string, AttributedSpendPoint>();
    for (const point of points) {
      const hash = pointKeyHash(point);
      if (!unique.has(hash)) unique.set(hash, point);
    }
    const fresh = await this.#insertRaw(unique, now);
    if (fresh.length > 0) {
      const hours = [...(await this.#rollUpHours(fresh)).values()];
      await this.#rollUpSourceDays(hours);
      await this.#rollUpDays(await this.#effective(hours));
    }
    return { inserted: fresh.length, duplicates: points.length - fresh.length };
  }

  /**
   * The hourly rows that change the daily rollup, by the one-source rule:
   * OTLP rows of user-days no report covers, every report row, and, for each
   * user-day a report covers for the first time, the OTLP spend rolled up for
   * it so far, negated.
   */
  async #effective(hours: RollupRow[]): Promise<RollupRow[]> {
    const keysOf = (source: string) => {
      const keys = new Map<string, [string, string]>();
      for (const h of hours) {
        const user = h.user_ref as string;
        if (h.source !== source || !user) continue;
        const day = (h.bucket as string).slice(0, 10);
        keys.set(userDayId(user, day), [user, day]);
      }
      return [...keys.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    };
    // OTLP first: its rows of this batch are then part of what a report in
    // the same transaction takes out.
    const reportedBefore = await this.#userDays(keysOf(OTLP), false);
    const otlp = hours.filter(h => {
      if (h.source !== OTLP || !h.user_ref) return h.source !== ADMIN_API;
      const id = userDayId(h.user_ref as string, (h.bucket as string).slice(0, 10));
      return !reportedBefore.has(id);
    });
    const reportKeys = keysOf(ADMIN_API);
    const alreadyReported = await this.#userDays(reportKeys, true);
    const newlyReported = reportKeys
      .filter(([id]) => !alreadyReported.has(id))
      .map(([, key]) => key);
    const replaced = await this.#otlpOf(newlyReported);
    return [
      ...otlp,
      ...hours.filter(h => h.source === ADMIN_API),
      ...replaced.map(row => {
        const negated: RollupRow = { ...row };
        for (const c of COLUMNS) negated[c] = -Number(row[c]);
        return negated;
      }),
    ];
  }

  /**
   * Records user-days (sorted) and returns those a report already covered.
   * With `report`, they are covered from now on.
   */
  async #userDays(
    keys: Array<[string, [string, string]]>,
    report: boolean,
  ): Promise<Set<string>> {
    const reported = new Set<string>();
    if (keys.length === 0) return reported;
    const sqlite = await this.#sqlite();
    if (sqlite) {
      for (const [id, [user, day]] of keys) {
        if (Number(sqlite.readUserDay.get(user, day)?.reported ?? 0) === 1) {
          reported.add(id);
        }
        sqlite.writeUserDay.run(user, day, report ? 1 : 0);
      }
      return reported;
    }
    for (const chunk of chunks(keys)) {
      const rows = chunk.map(([, [user, day]]) => ({
        user_key: user,
        day,
        reported: 0,
      }));
      // An upsert that changes nothing, for the row lock and the current flag.
      const current: Array<{ user_key: string; day: string; reported: number }> =
        await this.#trx('spend_user_days')
          .insert(rows)
          .onConflict(['user_key', 'day'])
          .merge(['user_key'])
          .returning(['user_key', 'day', 'reported']);
      for (const row of current) {
        if (Number(row.reported) === 1) {
          reported.add(userDayId(row.user_key, row.day));
        }
      }
      if (report) {
        await this.#trx('spend_user_days')
          .insert(rows.map(r => ({ ...r, reported: 1 })))
          .onConflict(['user_key', 'day'])
          .merge(['reported']);
      }
    }
    return reported;
  }

  /** The OTLP spend rolled up for user-days, per dimension (one row per day). */
  async #otlpOf(keys: Array<[string, string]>): Promise<RollupRow[]> {
    const byDay = new Map<string, string[]>();
    for (const [user, day] of keys) {
      byDay.set(day, [...(byDay.get(day) ?? []), user]);
    }
    const dims = DIMENSION_COLUMNS as unknown as string[];
    const out: RollupRow[] = [];
    for (const [day, users] of byDay) {
      for (const chunk of chunks(users)) {
        const rows = await this.#trx('spend_rollup_hour')
          .where('source', OTLP)
          .whereIn('user_ref', chunk)
          .whereBetween('bucket', [`${day}T00`, `${day}T23`])
          .groupBy(dims)
          .select(dims)
          .select(COLUMNS.map(c => this.#trx.raw('sum(??) as ??', [c, c])));
        for (const row of rows) {
          out.push({ ...row, bucket: `${day}T00`, source: OTLP });
        }
      }
    }
    return out;
  }

  /** `YYYY-MM-DDTHH` (UTC) of a time; consecutive points mostly share it. */
  #hourOf(time: number): string {
    const hour = Math.floor(time / HOUR_MS);
    if (hour !== this.#lastHour) {
      this.#lastHour = hour;
      this.#lastHourText = new Date(hour * HOUR_MS).toISOString().slice(0, 13);
    }
    return this.#lastHourText;
  }

  /**
   * Stores the keys of the points whose key is not stored yet, and returns
   * those points; with `keepPoints`, their attributes too.
   */
  async #insertRaw(
    points: Map<string, AttributedSpendPoint>,
    now: number,
  ): Promise<AttributedSpendPoint[]> {
    const fresh: Array<[string, AttributedSpendPoint]> = [];
    const sqlite = await this.#sqlite();
    if (sqlite) {
      for (const [hash, point] of points) {
        if (sqlite.insertKey.run(pointKeyOf(hash)).changes) {
          fresh.push([hash, point]);
          if (this.#keepPoints) {
            sqlite.insertPoint.run(...pointValues(hash, point, now));
          }
        }
      }
      return fresh.map(([, point]) => point);
    }
    for (const chunk of chunks([...points.entries()])) {
      const keys = chunk.map(([hash]) => pointKeyOf(hash));
      const inserted: Array<{ key: Buffer }> = await this.#trx('spend_point_keys')
        .insert(keys.map(key => ({ key })))
        .onConflict('key')
        .ignore()
        .returning('key');
      const insertedKeys = new Set(inserted.map(r => r.key.toString('hex')));
      chunk.forEach((entry, i) => {
        if (insertedKeys.has(keys[i].toString('hex'))) fresh.push(entry);
      });
    }
    if (this.#keepPoints) {
      for (const chunk of chunks(fresh)) {
        const rows = chunk.map(([hash, p]) => {
          const values = pointValues(hash, p, now);
          return Object.fromEntries(POINT_COLUMNS.map((c, i) => [c, values[i]]));
        });
        await this.#trx('spend_points').insert(rows).onConflict('key_hash').ignore();
      }
    }
    return fresh.map(([, point]) => point);
  }

  /** Adds points to the hourly rollup (every dimension, per source); returns the batch's rows. */
  async #rollUpHours(points: AttributedSpendPoint[]) {
    const rows = new Map<string, RollupRow>();
    for (const p of points) {
      const dims = {
        bucket: this.#hourOf(p.timestamp),
        source: p.source,
        team: clip(p.team),
        model: clip(p.attributes.model),
        skill: clip(p.attributes.skill),
        mcp_server: clip(p.attributes.mcpServer),
        user_ref: clip(p.user),
        repo: clip(p.attributes.repo),
        agent: clip(p.attributes.agent),
        plugin: clip(p.attributes.plugin),
        query_source: clip(p.attributes.querySource),
        effort: clip(p.attributes.effort),
      };
      const id = Object.values(dims).join('\u0000');
      let row = rows.get(id);
      if (!row) {
        row = { ...dims };
        for (const column of COLUMNS) row[column] = 0;
        rows.set(id, row);
      }
      const column = MEASURE_COLUMNS[p.measure];
      row[column] = (row[column] as number) + p.value;
    }
    await this.#upsert('spend_rollup_hour', HOUR_KEYS, rows);
    return rows;
  }

  /** Adds hourly rows to each team's daily totals per source. */
  async #rollUpSourceDays(hours: RollupRow[]) {
    const rows = new Map<string, RollupRow>();
    for (const hour of hours) {
      const bucket = (hour.bucket as string).slice(0, 10);
      const id = `${hour.team}\u0000${bucket}\u0000${hour.source}`;
      let row = rows.get(id);
      if (!row) {
        row = { team: hour.team, bucket, source: hour.source };
        for (const column of COLUMNS) row[column] = 0;
        rows.set(id, row);
      }
      for (const column of COLUMNS) {
        row[column] = (row[column] as number) + (hour[column] as number);
      }
    }
    await this.#upsert('spend_source_day', SOURCE_DAY_KEYS, rows);
  }

  /**
   * Adds hourly rows to the daily rollup: for the row's team (always; ''
   * when unattributed), user and repo (when known), the day's totals and
   * one row per breakdown key.
   */
  async #rollUpDays(hours: RollupRow[]) {
    const rows = new Map<string, RollupRow>();
    for (const hour of hours) {
      const bucket = (hour.bucket as string).slice(0, 10);
      const user = hour.user_ref as string;
      const repo = hour.repo as string;
      const scopes: Array<[string, string]> = [['team', hour.team as string]];
      if (user) scopes.push(['user', user]);
      if (repo) scopes.push(['repo', repo]);
      for (const [scope, scopeKey] of scopes) {
        for (const dimension of ROLLUP_DIMENSIONS) {
          const key = dimension ? (hour[dimension] as string) : '';
          const id = `${scope}\u0000${scopeKey}\u0000${dimension}\u0000${bucket}\u0000${key}`;
          let row = rows.get(id);
          if (!row) {
            row = { scope, scope_key: scopeKey, dimension, bucket, key };
            for (const column of COLUMNS) row[column] = 0;
            rows.set(id, row);
          }
          for (const column of COLUMNS) {
            row[column] = (row[column] as number) + Number(hour[column]);
          }
        }
      }
    }
    await this.#upsert('spend_rollup_day', DAY_KEYS, rows);
  }

  async #upsert(
    table: SpendRollupTable,
    primaryKey: string[],
    rows: Map<string, RollupRow>,
  ) {
    const sqlite = await this.#sqlite();
    if (sqlite) {
      const statement = sqlite.add[table];
      for (const row of rows.values()) {
        statement.run(
          ...primaryKey.map(k => row[k]),
          ...COLUMNS.map(c => row[c]),
        );
      }
      return;
    }
    // A stable order keeps two instances from deadlocking on the same rows.
    const sorted = [...rows.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, row]) => row);
    const merge = Object.fromEntries(
      COLUMNS.map(c => [c, this.#trx.raw('??.?? + excluded.??', [table, c, c])]),
    );
    for (const chunk of chunks(sorted, 200)) {
      await this.#trx(table).insert(chunk).onConflict(primaryKey).merge(merge);
    }
  }
}
