import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { createContextCreateAction } from './contextCreate';
import { createContextValidateAction } from './contextValidate';
import { EXAMPLES, exampleEntities } from './__testUtils__/exampleCatalog';

const mockDir = createMockDirectory();

async function setup() {
  mockDir.clear();
  const catalog = catalogServiceMock({ entities: await exampleEntities() });
  const validate = createContextValidateAction({ catalog });
  const create = createContextCreateAction({
    catalog,
    urlReader: mockServices.urlReader.mock(),
    // The mock user signs in as a member of the platform team.
    userInfo: mockServices.userInfo({
      ownershipEntityRefs: ['user:default/mock', 'group:default/platform'],
    }),
  });
  const run = async (
    action: typeof validate | typeof create,
    input: Record<string, unknown>,
  ) => {
    const ctx = createMockActionContext({
      input: input as any,
      workspacePath: mockDir.path,
    });
    await action.handler(ctx as any);
    return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  };
  return { run, validate, create };
}

const copyRepo = (name: string) =>
  cpSync(join(EXAMPLES, 'repos', name), mockDir.path, { recursive: true });

describe('agent-platform:context:validate', () => {
  it('passes what context:create wrote', async () => {
    const { run, validate, create } = await setup();
    await run(create, { owner: 'identity', name: 'session-store' });
    const out = await run(validate, {});
    expect(out.ok).toBe(true);
    expect(out.violations).toEqual([]);
    expect(out.drift).toEqual(
      expect.objectContaining({
        pinned: '2.4.0',
        upToDate: true,
        releasesBehind: 0,
      }),
    );
  });

  it('fails on drift by default, and reports it when asked not to fail (cart-service)', async () => {
    const { run, validate } = await setup();
    copyRepo('cart-service');
    await expect(
      run(validate, { teamConfig: 'payments-agent-config' }),
    ).rejects.toThrow(/org-base@2\.2\.0 is 2 release\(s\) behind 2\.4\.0/);

    const out = await run(validate, {
      failOnDrift: false,
      failOnViolations: false,
    });
    expect(out.drift).toEqual(
      expect.objectContaining({
        pinned: '2.2.0',
        latest: '2.4.0',
        releasesBehind: 2,
        upToDate: false,
        upgradeLine: '<!-- agent-platform: extends: org-base@2.4.0 -->',
      }),
    );
    // Without an annotation the owner's (checkout) team config applies, and it
    // lifts the base's Read(./.env) deny.
    expect(out.ok).toBe(false);
    expect(out.violations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: 'deny-overridden',
          layer: 'team:checkout-agent-config',
        }),
      ]),
    );
  });

  it('fails on the denied shell-admin server of search-indexer, naming the file and line', async () => {
    const { run, validate } = await setup();
    copyRepo('search-indexer');
    const error = await run(validate, { failOnDrift: false }).catch(e => e);
    expect(error.message).toMatch(
      /\.mcp\.json:22: error \[mcp-server-denied\] The MCP server api:default\/shell-admin is denied/,
    );
  });

  it('rejects a path outside the workspace and an unknown team config', async () => {
    const { run, validate } = await setup();
    await expect(run(validate, { path: '../../etc' })).rejects.toThrow(
      'The path "../../etc" is outside the workspace',
    );
    await expect(
      run(validate, { teamConfig: 'airesource:default/nope' }),
    ).rejects.toThrow('airesource:default/nope is not a team agent config');
  });
});
