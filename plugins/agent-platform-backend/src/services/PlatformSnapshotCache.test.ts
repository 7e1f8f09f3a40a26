import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { PlatformSnapshotCache } from './PlatformSnapshotCache';

const base: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'AiResource',
  metadata: { name: 'org-base', uid: 'u-base', etag: 'e1' },
  spec: {
    type: 'agent-config',
    lifecycle: 'production',
    owner: 'platform',
    level: 'base',
    releases: [{ version: '1.0.0', config: {} }],
  },
};
const team = (name: string, etag: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'AiResource',
  metadata: { name: `${name}-agent-config`, uid: `u-${name}`, etag },
  spec: {
    type: 'agent-config',
    lifecycle: 'production',
    owner: `group:default/${name}`,
    level: 'team',
    extends: 'org-base@1.0.0',
  },
});

describe('PlatformSnapshotCache', () => {
  let stored: Entity[];
  const catalog = catalogServiceMock.mock({
    // Honors what the cache asks for: the kinds of each filter set.
    getEntities: jest.fn(async request => {
      const filters = [request?.filter ?? []].flat() as Array<
        Record<string, string>
      >;
      return {
        items: stored.filter(e => filters.some(f => f.kind === e.kind)),
      };
    }),
    getEntitiesByRefs: jest.fn(async request => ({
      items: request.entityRefs.map(ref =>
        stored.find(
          e => `${e.kind}:default/${e.metadata.name}`.toLowerCase() === ref,
        ),
      ),
    })),
  });
  let now: Date;
  const cache = () =>
    PlatformSnapshotCache.create({
      catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      clock: { now: () => now },
    });

  beforeEach(() => {
    stored = [base, team('alpha', 'e1')];
    now = new Date('2026-11-21T12:00:00Z');
    catalog.getEntities.mockClear();
  });

  it('builds once and shares the snapshot', async () => {
    const subject = cache();
    const [a, b] = await Promise.all([subject.get(), subject.get()]);
    expect(a.snapshot).toBe(b.snapshot);
    expect(a.overview.teams.map(t => t.config)).toEqual([
      'airesource:default/alpha-agent-config',
    ]);
    // Four reads: AiResources, MCP servers, Components, Groups and Users.
    expect(catalog.getEntities).toHaveBeenCalledTimes(4);
  });

  it('reads and applies only what changed', async () => {
    const subject = cache();
    const first = await subject.get();
    expect(await subject.refreshIfChanged()).toBe(false);
    expect((await subject.get()).fingerprint).toBe(first.fingerprint);
    expect(catalog.getEntitiesByRefs).not.toHaveBeenCalled();

    stored = [base, team('alpha', 'e2'), team('beta', 'e1')];
    expect(await subject.refreshIfChanged()).toBe(true);
    // Only the changed team config and the new one are read.
    expect(catalog.getEntitiesByRefs).toHaveBeenLastCalledWith(
      {
        entityRefs: [
          'airesource:default/alpha-agent-config',
          'airesource:default/beta-agent-config',
        ],
      },
      expect.anything(),
    );
    const second = await subject.get();
    // The same snapshot, updated in place.
    expect(second.snapshot).toBe(first.snapshot);
    expect(second.overview.teams.map(t => t.config)).toEqual([
      'airesource:default/alpha-agent-config',
      'airesource:default/beta-agent-config',
    ]);
    expect(await subject.refreshIfChanged()).toBe(false);

    stored = [base, team('beta', 'e1')];
    expect(await subject.refreshIfChanged()).toBe(true);
    expect((await subject.get()).overview.teams.map(t => t.config)).toEqual([
      'airesource:default/beta-agent-config',
    ]);
  });

  it('rebuilds when the day changes, since exceptions expire by the day', async () => {
    const subject = cache();
    const first = await subject.get();
    now = new Date('2026-11-22T00:00:01Z');
    const second = await subject.get();
    expect(second.snapshot).not.toBe(first.snapshot);
    expect(second.builtAt).toEqual(now);
  });

  it('does not keep a failed build', async () => {
    const subject = cache();
    catalog.getEntities.mockRejectedValueOnce(new Error('catalog down'));
    await expect(subject.get()).rejects.toThrow('catalog down');
    await expect(subject.get()).resolves.toMatchObject({
      overview: expect.objectContaining({ totals: expect.anything() }),
    });
  });
});
