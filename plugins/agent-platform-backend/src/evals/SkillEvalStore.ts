import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  SkillEvalPost,
  SkillEvalResult,
} from '@agent-platform/plugin-agent-platform-common';
import { Knex } from 'knex';
import { applySpendMigrations, sha256 } from '../spend/SpendStore';

/** What storing a result did. @public */
export type SkillEvalInsert =
  | { stored: true; result: SkillEvalResult }
  | { stored: false; existing: SkillEvalResult };

/**
 * Evaluation results of skill versions.
 *
 * @public
 */
export interface SkillEvalStore {
  /** Stores a result, unless one with its idempotency key exists (then returns that one). */
  insert(
    skillRef: string,
    post: SkillEvalPost,
    meta: { receivedAt: Date; postedBy: string },
  ): Promise<SkillEvalInsert>;
  /** A skill's results, newest run first (at most `limit`). */
  list(skillRef: string, limit?: number): Promise<SkillEvalResult[]>;
  /** The latest result of each given skill version, keyed by skill ref. */
  latest(
    skills: Array<{ skillRef: string; version: string }>,
  ): Promise<Map<string, SkillEvalResult>>;
}

interface Row {
  key_hash: string;
  skill_ref: string;
  version: string;
  outcome: string;
  suite: string;
  passed: number;
  failed: number;
  skipped: number;
  total: number;
  run_url: string | null;
  ran_at: number | string;
  received_at: number | string;
  posted_by: string;
}

const iso = (ms: number | string) => new Date(Number(ms)).toISOString();

function toResult(row: Row): SkillEvalResult {
  return {
    skillRef: row.skill_ref,
    version: row.version,
    outcome: row.outcome === 'passed' ? 'passed' : 'failed',
    suite: row.suite,
    counts: {
      passed: Number(row.passed),
      failed: Number(row.failed),
      skipped: Number(row.skipped),
      total: Number(row.total),
    },
    ...(row.run_url ? { runUrl: row.run_url } : {}),
    ranAt: iso(row.ran_at),
    receivedAt: iso(row.received_at),
    postedBy: row.posted_by,
  };
}

/**
 * The {@link SkillEvalStore} on the plugin's database (table
 * `skill_eval_results`, migration 20261206100000).
 *
 * @public
 */
export class DatabaseSkillEvalStore implements SkillEvalStore {
  readonly #knex: Knex;

  private constructor(knex: Knex) {
    this.#knex = knex;
  }

  /** Opens the store, applying the plugin's migrations unless skipped. */
  static async create(database: DatabaseService): Promise<DatabaseSkillEvalStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      await applySpendMigrations(knex);
    }
    return new DatabaseSkillEvalStore(knex);
  }

  async insert(
    skillRef: string,
    post: SkillEvalPost,
    meta: { receivedAt: Date; postedBy: string },
  ): Promise<SkillEvalInsert> {
    const keyHash = sha256(`${skillRef}\n${post.idempotencyKey}`);
    const row: Row = {
      key_hash: keyHash,
      skill_ref: skillRef,
      version: post.version,
      outcome: post.outcome,
      suite: post.suite,
      passed: post.counts.passed,
      failed: post.counts.failed,
      skipped: post.counts.skipped,
      total: post.counts.total,
      run_url: post.runUrl ?? null,
      ran_at: Date.parse(post.ranAt),
      received_at: meta.receivedAt.getTime(),
      posted_by: meta.postedBy.slice(0, 255),
    };
    const inserted = await this.#knex('skill_eval_results')
      .insert(row)
      .onConflict('key_hash')
      .ignore()
      .returning('id');
    if (inserted.length > 0) return { stored: true, result: toResult(row) };
    const existing = await this.#knex<Row>('skill_eval_results')
      .where({ key_hash: keyHash })
      .first();
    return { stored: false, existing: toResult(existing!) };
  }

  async list(skillRef: string, limit = 100): Promise<SkillEvalResult[]> {
    const rows = await this.#knex<Row>('skill_eval_results')
      .where({ skill_ref: skillRef })
      .orderBy([
        { column: 'ran_at', order: 'desc' },
        { column: 'received_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    return rows.map(toResult);
  }

  async latest(
    skills: Array<{ skillRef: string; version: string }>,
  ): Promise<Map<string, SkillEvalResult>> {
    const out = new Map<string, SkillEvalResult>();
    if (skills.length === 0) return out;
    const wanted = new Map(skills.map(s => [s.skillRef, s.version]));
    // One query per 500 skills; the index on (skill_ref, version, ran_at)
    // serves it. The latest per skill is picked here.
    const refs = [...wanted.keys()];
    for (let i = 0; i < refs.length; i += 500) {
      const chunk = refs.slice(i, i + 500);
      const rows = await this.#knex<Row>('skill_eval_results')
        .whereIn('skill_ref', chunk)
        .orderBy([
          { column: 'ran_at', order: 'asc' },
          { column: 'received_at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ]);
      for (const row of rows) {
        if (wanted.get(row.skill_ref) === row.version) {
          out.set(row.skill_ref, toResult(row));
        }
      }
    }
    return out;
  }
}
