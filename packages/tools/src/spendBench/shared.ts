// Options, formatting and databases of the spend benchmark (bench-spend.ts).
import knexFactory, { Knex } from 'knex';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
export const INGEST_POINTS = Number(arg('ingest-points', '100000'));
export const STORE_POINTS = Number(arg('store-points', '10000000'));
export const DBS = arg('db', 'sqlite,pg').split(',');
export const PG = arg('pg', 'postgresql://postgres@127.0.0.1:5432');
export const PROFILE = arg('profile', '');
export const INGEST_RUNS = Number(arg('ingest-runs', '3'));
export const BATCH = 500;
export const CONCURRENCY = 4;
export const DAY = 86_400_000;

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
export const ms = (n: number) => n.toFixed(1);

// ---------------------------------------------------------------- databases

export async function openDatabase(kind: string, name: string): Promise<Knex> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'bench-spend-'));
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: join(dir, `${name}.sqlite`) },
      useNullAsDefault: true,
    });
    await knex.raw('PRAGMA journal_mode = WAL');
    await knex.raw('PRAGMA synchronous = NORMAL');
    return knex;
  }
  const admin = knexFactory({ client: 'pg', connection: `${PG}/postgres` });
  await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
  await admin.raw(`CREATE DATABASE ${name}`);
  await admin.destroy();
  return knexFactory({
    client: 'pg',
    connection: `${PG}/${name}`,
    pool: { min: 1, max: 8 },
  });
}

export function percentile(samples: number[], p: number) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}
