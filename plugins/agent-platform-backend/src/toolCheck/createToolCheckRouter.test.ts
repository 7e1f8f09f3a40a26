import { mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import request from 'supertest';
import { createToolCheckRouter } from './createToolCheckRouter';
import { McpToolCheckService } from './McpToolCheckService';
import { startMcpTestServer } from './__testUtils__/mcpTestServer';

describe('createToolCheckRouter', () => {
  it('serves the checks, one server by name, and refuses bad names and readers', async () => {
    const server = await startMcpTestServer([
      { name: 'search_code', readOnlyHint: true },
    ]);
    try {
      const toolChecks = McpToolCheckService.create({
        catalog: catalogServiceMock({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'API',
              metadata: { name: 'github', namespace: 'default' },
              spec: {
                type: 'mcp-server',
                lifecycle: 'production',
                owner: 'group:default/platform',
                remotes: [{ type: 'streamable-http', url: server.url }],
                tools: [{ name: 'search_code', access: 'read' }],
              },
            },
          ],
        }),
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
        config: mockServices.rootConfig(),
      });
      await toolChecks.checkAll();
      const app = (result: AuthorizeResult) =>
        express()
          .use(
            createToolCheckRouter({
              httpAuth: mockServices.httpAuth(),
              permissions: mockServices.permissions.mock({
                authorize: async () => [{ result }],
              } as any),
              toolChecks,
            }),
          )
          .use(mockErrorHandler());
      const allowed = app(AuthorizeResult.ALLOW);
      const all = await request(allowed).get('/mcp-tool-checks');
      expect(all.status).toBe(200);
      expect(all.body.items).toEqual([
        expect.objectContaining({
          server: 'api:default/github',
          toolCount: 1,
          findings: [],
        }),
      ]);
      const one = await request(allowed).get('/mcp-tool-checks/default/github');
      expect(one.body).toMatchObject({ tools: ['search_code'] });
      expect(
        (await request(allowed).get('/mcp-tool-checks/default/nope')).status,
      ).toBe(404);
      const bad = await request(allowed).get('/mcp-tool-checks/default/-x!');
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain(
        'name "-x!" is not an entity name',
      );
      expect(
        (await request(app(AuthorizeResult.DENY)).get('/mcp-tool-checks'))
          .status,
      ).toBe(403);
    } finally {
      await server.close();
    }
  });
});
