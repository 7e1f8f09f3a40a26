import { ReactElement } from 'react';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import type {
  ScaffoldAssetChoice,
  ScaffoldOptionsResponse,
  ScaffoldPreviewResponse,
} from '@agent-platform/plugin-agent-platform-common';

/** What the backend answers the payments engineer (elena.sokolova), trimmed. */
export const paymentsOptions: ScaffoldOptionsResponse = {
  user: {
    ref: 'user:default/elena.sokolova',
    groups: ['group:default/payments'],
  },
  teams: [{ ref: 'group:default/payments', title: 'Payments' }],
  owner: 'group:default/payments',
  pin: 'org-base@2.4.0',
  release: {
    base: 'org-base',
    version: '2.4.0',
    date: '2026-10-28',
    security: false,
  },
  teamConfig: {
    ref: 'airesource:default/payments-agent-config',
    title: 'Payments team agent config',
    skills: ['airesource:default/pci-checklist'],
    mcpServers: ['api:default/postgres-prod'],
    defaultMode: 'default',
    model: 'claude-sonnet-4-6',
    rules: { allow: [], ask: ['a', 'b', 'c'], deny: ['d', 'e'] },
  },
  skills: [
    {
      ref: 'airesource:default/changelog-writer',
      name: 'changelog-writer',
      scope: 'org',
      lifecycle: 'deprecated',
      allowed: false,
      reason: 'deprecated; use airesource:default/release-notes',
    },
    {
      ref: 'airesource:default/pci-checklist',
      name: 'pci-checklist',
      scope: 'team',
      lifecycle: 'production',
      evalStatus: 'passing',
      allowed: true,
      includedBy: 'team:payments-agent-config',
    },
    {
      ref: 'airesource:default/write-adr',
      name: 'write-adr',
      scope: 'org',
      lifecycle: 'production',
      evalStatus: 'passing',
      allowed: true,
    },
  ] as ScaffoldAssetChoice[],
  mcpServers: [
    {
      ref: 'api:default/docs-search',
      name: 'docs-search',
      allowlistStatus: 'approved',
      risk: 'low',
      lifecycle: 'production',
      allowed: true,
    },
    {
      ref: 'api:default/postgres-prod',
      name: 'postgres-prod',
      allowlistStatus: 'restricted',
      risk: 'high',
      lifecycle: 'production',
      allowed: true,
      includedBy: 'team:payments-agent-config',
      exception: { until: '2027-01-31', approvedBy: 'user:default/dana.kim' },
    },
    {
      ref: 'api:default/shell-admin',
      name: 'shell-admin',
      allowlistStatus: 'denied',
      risk: 'critical',
      lifecycle: 'production',
      allowed: false,
      reason: 'denied by the allowlist',
    },
  ] as ScaffoldAssetChoice[],
  problems: [],
};

/** A backend stand-in: answers the scaffold routes, records the requests. */
export function fakeBackend(handlers: {
  options?: (owner: string | null) => ScaffoldOptionsResponse;
  preview?: (body: any) => ScaffoldPreviewResponse;
}) {
  const calls: Array<{ path: string; body?: any }> = [];
  const fetch = jest.fn(async (input: any, init?: RequestInit) => {
    const url = new URL(String(input));
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ path: url.pathname + url.search, body });
    const json = (value: unknown) =>
      new Response(JSON.stringify(value), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    if (url.pathname.endsWith('/scaffold/options')) {
      return json(
        (handlers.options ?? (() => paymentsOptions))(
          url.searchParams.get('owner'),
        ),
      );
    }
    if (url.pathname.endsWith('/scaffold/preview') && handlers.preview) {
      return json(handlers.preview(body));
    }
    return new Response('{}', { status: 404 });
  });
  return { fetch, calls };
}

/** Renders a field with the discovery API and a fetch API over `backend`. */
export function renderField(
  element: ReactElement,
  backend: ReturnType<typeof fakeBackend>,
) {
  return renderInTestApp(element, {
    apis: [
      [discoveryApiRef, mockApis.discovery({ baseUrl: 'http://backstage' })],
      [fetchApiRef, { fetch: backend.fetch as any }],
    ],
  });
}

/** The props the scaffolder gives a field, with the whole form's values. */
export function fieldProps<T>(options: {
  formData?: T;
  values?: Record<string, unknown>;
  title?: string;
  onChange?: jest.Mock;
}) {
  return {
    formData: options.formData,
    onChange: options.onChange ?? jest.fn(),
    schema: { title: options.title },
    uiSchema: {},
    idSchema: { $id: 'root_field' },
    rawErrors: [],
    required: false,
    formContext: { formData: options.values ?? {} },
  } as any;
}
