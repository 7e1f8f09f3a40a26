import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleEntities } from './exampleCatalog';

/**
 * A harness for one scaffolder action on the example catalog: a mock
 * workspace directory, a `setup` that builds the action over a catalog mock
 * (optionally with the entities changed) and runs it in that workspace, and
 * helpers to read what it wrote and output. Call it once per test file, at
 * the top level (the mock directory registers its own clean-up).
 */
export function createActionHarness(
  createAction: (deps: {
    catalog: CatalogService;
    urlReader: UrlReaderService;
    userInfo: UserInfoService;
    permissions: PermissionsService;
  }) => { handler: (ctx: any) => Promise<void> },
) {
  const mockDir = createMockDirectory();

  async function setup(
    options: {
      entities?: (entities: Entity[]) => Entity[];
      urlReader?: ReturnType<typeof mockServices.urlReader.mock>;
      /** Who runs the action (default: dana.kim, on the platform team). */
      user?: string;
      permissions?: PermissionsService;
    } = {},
  ) {
    mockDir.clear();
    const all = await exampleEntities();
    const entities = options.entities ? options.entities(all) : all;
    const catalog = catalogServiceMock({ entities });
    const urlReader = options.urlReader ?? mockServices.urlReader.mock();
    const action = createAction({
      catalog,
      urlReader,
      userInfo: mockServices.userInfo(),
      permissions: options.permissions ?? mockServices.permissions(),
    });
    const credentials = mockCredentials.user(
      options.user ?? 'user:default/dana.kim',
    );
    const run = async (input: Record<string, unknown>) => {
      const ctx = createMockActionContext({
        input: input as any,
        workspacePath: mockDir.path,
      });
      ctx.getInitiatorCredentials = async () => credentials;
      await action.handler(ctx as any);
      return ctx;
    };
    return { run, entities, catalog };
  }

  return {
    mockDir,
    setup,
    /** The action's outputs, by name. */
    outputs: (ctx: { output: jest.Mock | any }) =>
      Object.fromEntries((ctx.output as jest.Mock).mock.calls),
    /** A file the action wrote, relative to the workspace. */
    read: (path: string) => readFileSync(join(mockDir.path, path), 'utf8'),
    /** True when the action wrote nothing. */
    workspaceIsEmpty: () =>
      !existsSync(mockDir.path) || readdirSync(mockDir.path).length === 0,
  };
}
