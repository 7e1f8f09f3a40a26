import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { AgentPlatformClient } from './AgentPlatformClient';
import {
  cartServiceResolution,
  checkoutApproved,
  emptySpendReport,
  makePlatformSpend,
  platformOverview,
} from '../__testUtils__';

const BASE = 'http://backstage.test/api/agent-platform';

describe('AgentPlatformClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const seen: string[] = [];
  const client = new AgentPlatformClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage.test' }),
    fetchApi: mockApis.fetch(),
  });

  beforeEach(() => {
    seen.length = 0;
    server.use(
      http.get(`${BASE}/*`, ({ request }) => {
        const url = new URL(request.url);
        seen.push(`${url.pathname}${url.search}`);
        const path = url.pathname.replace('/api/agent-platform', '');
        if (
          path === '/entities/component/default/cart-service/effective-config'
        ) {
          return HttpResponse.json(cartServiceResolution);
        }
        if (path === '/teams/default/checkout/approved-assets') {
          return HttpResponse.json(checkoutApproved);
        }
        if (path === '/overview') return HttpResponse.json(platformOverview);
        if (path === '/spend/entities/group/default/checkout') {
          return HttpResponse.json(emptySpendReport);
        }
        if (path === '/spend/teams')
          return HttpResponse.json(makePlatformSpend());
        if (path === '/spend/entities/group/default/checkout/reconciliation') {
          return HttpResponse.json({ days: [] });
        }
        if (path === '/skills/default/pci-checklist/evals') {
          return HttpResponse.json({
            skill: 'airesource:default/pci-checklist',
            results: [],
          });
        }
        if (path === '/entities/group/default/secret/effective-config') {
          return HttpResponse.json(
            {
              error: { name: 'NotAllowedError', message: 'Not for you' },
              response: { statusCode: 403 },
            },
            { status: 403 },
          );
        }
        return HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: `No route ${path}` },
            response: { statusCode: 404 },
          },
          { status: 404 },
        );
      }),
    );
  });

  it('shares one request between callers asking the same question at once, and asks again afterwards', async () => {
    const ref = 'component:default/cart-service';
    const [a, b] = await Promise.all([
      client.getEffectiveConfig(ref),
      client.getEffectiveConfig(ref),
    ]);
    expect(a).toEqual(cartServiceResolution);
    expect(b).toEqual(cartServiceResolution);
    expect(seen).toHaveLength(1);
    await client.getEffectiveConfig(ref);
    expect(seen).toHaveLength(2);
  });

  it('does not keep a failed request: the next call asks again', async () => {
    const ref = 'group:default/secret';
    await expect(client.getEffectiveConfig(ref)).rejects.toBeInstanceOf(
      ResponseError,
    );
    await expect(client.getEffectiveConfig(ref)).rejects.toBeInstanceOf(
      ResponseError,
    );
    expect(seen).toHaveLength(2);
  });

  it('reads the effective config of an entity by its ref', async () => {
    await expect(
      client.getEffectiveConfig('component:default/cart-service'),
    ).resolves.toEqual(cartServiceResolution);
    expect(seen).toEqual([
      '/api/agent-platform/entities/component/default/cart-service/effective-config',
    ]);
  });

  it('lower-cases refs and fills in the default namespace', async () => {
    await client.getEffectiveConfig('Component:cart-service');
    expect(seen).toEqual([
      '/api/agent-platform/entities/component/default/cart-service/effective-config',
    ]);
  });

  it('reads a team by a group ref or a bare name', async () => {
    await expect(client.getApprovedAssets('checkout')).resolves.toEqual(
      checkoutApproved,
    );
    await client.getApprovedAssets('group:default/checkout');
    expect(seen).toEqual([
      '/api/agent-platform/teams/default/checkout/approved-assets',
      '/api/agent-platform/teams/default/checkout/approved-assets',
    ]);
  });

  it('reads the overview', async () => {
    const overview = await client.getOverview();
    expect(overview.builtAt).toBe(platformOverview.builtAt);
    expect(overview.totals).toEqual(platformOverview.totals);
  });

  it('passes the spend range as from and to', async () => {
    await client.getEntitySpend('group:default/checkout', {
      from: '2026-10-23',
      to: '2026-11-21',
    });
    await client.getEntitySpend('group:default/checkout');
    await client.getPlatformSpend({ from: '2026-11-01' });
    await client.getSpendReconciliation('checkout', {
      from: '2026-11-01',
      to: '2026-11-30',
    });
    expect(seen).toEqual([
      '/api/agent-platform/spend/entities/group/default/checkout?from=2026-10-23&to=2026-11-21',
      '/api/agent-platform/spend/entities/group/default/checkout',
      '/api/agent-platform/spend/teams?from=2026-11-01',
      '/api/agent-platform/spend/entities/group/default/checkout/reconciliation?from=2026-11-01&to=2026-11-30',
    ]);
  });

  it('reads the org health views', async () => {
    await client.getNearDuplicates().catch(() => undefined);
    await client.getStaleness().catch(() => undefined);
    await client
      .getAdoption({ from: '2026-11-01', to: '2026-11-30' })
      .catch(() => undefined);
    await client.getReuse(12).catch(() => undefined);
    expect(seen).toEqual([
      '/api/agent-platform/health/near-duplicates',
      '/api/agent-platform/health/staleness',
      '/api/agent-platform/health/adoption?from=2026-11-01&to=2026-11-30',
      '/api/agent-platform/health/reuse?weeks=12',
    ]);
  });

  it("reads a skill's evaluation history", async () => {
    const history = await client.getSkillEvals(
      'airesource:default/pci-checklist',
    );
    expect(history.skill).toBe('airesource:default/pci-checklist');
    expect(seen).toEqual([
      '/api/agent-platform/skills/default/pci-checklist/evals',
    ]);
  });

  it('rejects with a ResponseError carrying the status and message', async () => {
    const error = await client
      .getEffectiveConfig('group:default/secret')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(403);
    expect(error.body.error.message).toBe('Not for you');
    const missing = await client
      .getEffectiveConfig('group:default/nobody')
      .catch(e => e);
    expect(missing.response.status).toBe(404);
    expect(missing.body.error.message).toBe(
      'No route /entities/group/default/nobody/effective-config',
    );
  });
});
