import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleAiModel from '@backstage/plugin-catalog-backend-module-ai-model';
import catalogModuleAgentPlatform from '@agent-platform/plugin-catalog-backend-module-agent-platform';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentPlatformPlugin } from '../../plugin';
import { exampleCatalogConfig } from '../../__testUtils__/exampleCatalog';
import { pluginDatabases } from '../../__testUtils__/pluginDatabases';

/** The static token the test backends accept for ingestion. */
export const INGEST_TOKEN = 'test-otlp-ingest-token-0123456789';

export { exampleCatalogConfig };

/**
 * A static plugin key store for the real auth service, so that it does not
 * need a database of its own.
 */
function staticPluginKeyStore(): JsonObject {
  const { publicKey, privateKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
  });
  const dir = mkdtempSync(join(tmpdir(), 'spend-keys-'));
  const publicKeyFile = join(dir, 'public.pem');
  const privateKeyFile = join(dir, 'private.pem');
  writeFileSync(
    publicKeyFile,
    publicKey.export({ type: 'spki', format: 'pem' }),
  );
  writeFileSync(
    privateKeyFile,
    privateKey.export({ type: 'pkcs8', format: 'pem' }),
  );
  return {
    type: 'static',
    static: { keys: [{ publicKeyFile, privateKeyFile, keyId: 'test-key' }] },
  };
}

/**
 * Starts the agent-platform plugin and a real catalog on the example
 * organisation, on the given database, with a static ingestion token. With
 * `realAuth`, the real auth services (which accept the static token, and no
 * mock tokens); otherwise the mock ones (mock user and service tokens).
 */
export async function startSpendBackend(
  knex: Knex,
  spend: JsonObject = {},
  extra: {
    features?: any[];
    config?: JsonObject;
    realAuth?: boolean;
    /** `accessRestrictions` of the static token. */
    tokenAccessRestrictions?: JsonObject[];
    /** More `backend.auth.externalAccess` entries. */
    externalAccess?: JsonObject[];
    /** The other plugins' databases, kept across backends (see `pluginDatabases`). */
    keptDatabases?: Map<string, Knex>;
  } = {},
) {
  const others: Knex[] = [];
  const backend = await startTestBackend({
    features: [
      ...(extra.realAuth ? [authServiceFactory, httpAuthServiceFactory] : []),
      agentPlatformPlugin,
      catalogPlugin,
      catalogModuleAiModel,
      catalogModuleAgentPlatform,
      schedulerServiceFactory,
      pluginDatabases(knex, others, extra.keptDatabases),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            auth: {
              ...(extra.realAuth
                ? { pluginKeyStore: staticPluginKeyStore() }
                : {}),
              externalAccess: [
                {
                  type: 'static',
                  options: { token: INGEST_TOKEN, subject: 'otlp-ingest' },
                  ...(extra.tokenAccessRestrictions
                    ? { accessRestrictions: extra.tokenAccessRestrictions }
                    : {}),
                },
                ...(extra.externalAccess ?? []),
              ],
            },
          },
          agentPlatform: {
            snapshot: {
              schedule: { frequency: { seconds: 1 }, timeout: { seconds: 30 } },
            },
            spend: {
              attribution: { refreshSeconds: 1 },
              // Reads see each write at once (tests that keep tables say so).
              platformTable: { maxAgeSeconds: 0 },
              ...spend,
            },
          },
          catalog: exampleCatalogConfig(),
          ...extra.config,
        },
      }),
      ...(extra.features ?? []),
    ],
  });
  return {
    ...backend,
    async stop() {
      await backend.stop();
      await Promise.all(others.map(other => other.destroy()));
    },
  };
}

/** Polls until `check` returns true (or fails after `attempts`). */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  attempts = 600,
) {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
