import { TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { assertIngestTokenConfigured, LOCAL_INGEST_TOKEN } from './ingestTokenCheck';
import { startSpendBackend } from './__testUtils__/spendTestBackend';

jest.setTimeout(60_000);

const restricted = { plugin: 'agent-platform', permission: 'agent-platform.spend.ingest' };
const config = (...entries: object[]) =>
  new ConfigReader({ backend: { auth: { externalAccess: entries } } });
const token = (value: string | undefined, accessRestrictions?: object[]) => ({
  type: 'static',
  options: { ...(value === undefined ? {} : { token: value }), subject: 'otlp' },
  ...(accessRestrictions ? { accessRestrictions } : {}),
});
const production = { NODE_ENV: 'production' };

describe('assertIngestTokenConfigured', () => {
  it('accepts a token of the deployment in production', () => {
    expect(() => assertIngestTokenConfigured(config(token('s3cret-of-our-own-0123', [restricted])), production)).not.toThrow();
  });

  it.each([
    ['no external access at all', new ConfigReader({})],
    ['only tokens that cannot ingest', config(token('other-token-0123456789', [{ plugin: 'catalog' }]))],
    ['a token entry whose environment variable was not set', config(token(undefined, [restricted]))],
  ])('refuses to start in production with %s, saying what to set', (_name, c) => {
    expect(() => assertIngestTokenConfigured(c, production)).toThrow(
      /^agent-platform: no spend ingestion token is configured \(NODE_ENV is production, not development\)\. Set AGENT_PLATFORM_OTLP_TOKEN/,
    );
  });

  it('refuses the public local default outside development, also with NODE_ENV unset', () => {
    for (const env of [production, {}]) {
      expect(() => assertIngestTokenConfigured(config(token(LOCAL_INGEST_TOKEN, [restricted])), env)).toThrow(
        'the spend ingestion token is the public local default "local-otlp-ingest-token"',
      );
    }
  });

  it('allows the local default in development and under test', () => {
    for (const NODE_ENV of ['development', 'test']) {
      expect(() => assertIngestTokenConfigured(config(token(LOCAL_INGEST_TOKEN, [restricted])), { NODE_ENV })).not.toThrow();
      expect(() => assertIngestTokenConfigured(new ConfigReader({}), { NODE_ENV })).not.toThrow();
    }
  });
});

describe('the backend outside development', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const saved = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = saved;
  });

  it('does not start with the local default token', async () => {
    const knex = await databases.init('SQLITE_3');
    process.env.NODE_ENV = 'production';
    await expect(
      startSpendBackend(knex, {}, {
        config: {
          backend: { auth: { externalAccess: [token(LOCAL_INGEST_TOKEN, [restricted])] } },
        },
      }),
    ).rejects.toThrow('the spend ingestion token is the public local default');
  });
});
