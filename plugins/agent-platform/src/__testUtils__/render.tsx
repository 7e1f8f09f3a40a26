import { ReactElement } from 'react';
import type { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { discoveryApiRef } from '@backstage/frontend-plugin-api';
import {
  catalogApiRef,
  entityRouteRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  agentPlatformApiRef,
  AgentPlatformApi,
  agentPlatformExceptionsApiRef,
  AgentPlatformExceptionsApi,
} from '../api';

/** Renders an element on an entity page with a fake agent-platform API and an in-memory catalog. */
export function renderOnEntity(
  element: ReactElement,
  options: {
    entity?: Entity;
    api: AgentPlatformApi;
    catalog?: Entity[];
    /** The exceptions API; by default every call rejects. */
    exceptionsApi?: AgentPlatformExceptionsApi;
    /** The URL the app starts at, e.g. `/?team=group:default/checkout`. */
    route?: string;
  },
) {
  const catalogApi = catalogApiMock({ entities: options.catalog ?? [] });
  return renderInTestApp(
    options.entity ? (
      <EntityProvider entity={options.entity}>{element}</EntityProvider>
    ) : (
      element
    ),
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      ...(options.route ? { initialRouteEntries: [options.route] } : {}),
      apis: [
        [agentPlatformApiRef, options.api],
        [
          agentPlatformExceptionsApiRef,
          options.exceptionsApi ?? {
            getExceptions: () => Promise.reject(new Error('not expected')),
            requestException: () => Promise.reject(new Error('not expected')),
            decideException: () => Promise.reject(new Error('not expected')),
          },
        ],
        [
          discoveryApiRef,
          mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
        ],
        [catalogApiRef, catalogApi],
      ],
    },
  );
}
