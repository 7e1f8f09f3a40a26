import { Config } from '@backstage/config';

/** The token app-config.yaml falls back to for local use: public, so never valid elsewhere. */
export const LOCAL_INGEST_TOKEN = 'local-otlp-ingest-token';

const INGEST_PERMISSION = 'agent-platform.spend.ingest';

/** Whether an access restriction lets a token ingest spend. */
function grantsIngest(restriction: Config): boolean {
  const plugins = restriction.getOptional<string | string[]>('plugin');
  const permissions = restriction.getOptional<string | string[]>('permission');
  const has = (value: string | string[] | undefined, wanted: string) =>
    value === undefined || [value].flat().includes(wanted);
  return has(plugins, 'agent-platform') && has(permissions, INGEST_PERMISSION);
}

/**
 * Checks, outside development (`NODE_ENV` other than `development`, and not
 * under test), that spend ingestion is protected by a token of the
 * deployment's own: at least one static external-access token that may
 * ingest spend, and none of them the public local default.
 *
 * @throws Error saying what to configure, so that the backend does not start.
 */
export function assertIngestTokenConfigured(
  config: Config,
  env: Record<string, string | undefined>,
): void {
  if (env.NODE_ENV === 'development' || env.NODE_ENV === 'test') return;
  const tokens = (
    config.getOptionalConfigArray('backend.auth.externalAccess') ?? []
  )
    .filter(entry => entry.getOptionalString('type') === 'static')
    .filter(entry => {
      const restrictions = entry.getOptionalConfigArray('accessRestrictions');
      return !restrictions || restrictions.some(grantsIngest);
    })
    .map(entry => entry.getOptionalString('options.token') ?? '');
  const how =
    'Set AGENT_PLATFORM_OTLP_TOKEN to a secret of your own (app-config.production.yaml reads it into backend.auth.externalAccess, restricted to agent-platform.spend.ingest).';
  if (tokens.length === 0 || tokens.every(token => token.trim() === '')) {
    throw new Error(
      `agent-platform: no spend ingestion token is configured (NODE_ENV is ${
        env.NODE_ENV ?? 'unset'
      }, not development). ${how}`,
    );
  }
  if (tokens.includes(LOCAL_INGEST_TOKEN)) {
    throw new Error(
      `agent-platform: the spend ingestion token is the public local default "${LOCAL_INGEST_TOKEN}", with which anyone could send spend for any team; it is only accepted in development. ${how}`,
    );
  }
}
