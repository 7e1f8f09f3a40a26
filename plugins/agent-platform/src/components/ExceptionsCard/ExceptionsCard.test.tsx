import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { ExceptionsView } from '@agent-platform/plugin-agent-platform-common';
import {
  AgentPlatformExceptionsApi,
  agentPlatformExceptionsApiRef,
} from '../../api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { httpError } from '../../__testUtils__';
import { ExceptionsCard } from './ExceptionsCard';

const view = (extra: Partial<ExceptionsView> = {}): ExceptionsView => ({
  requests: [
    {
      id: 'r1',
      team: 'group:default/payments',
      target: 'Read(./.env)',
      reason: 'Ledger migration.',
      since: '2026-12-06',
      until: '2027-01-04',
      requestedBy: 'user:default/elena.sokolova',
      requestedAt: '2026-12-06T10:00:00.000Z',
      status: 'pending',
      state: 'pending',
    },
  ],
  inConfig: [
    {
      team: 'group:default/payments',
      config: 'airesource:default/payments-agent-config',
      target: 'api:default/postgres-prod',
      reason: 'Reconciliation.',
      approvedBy: 'user:default/dana.kim',
      until: '2027-01-31',
    },
    {
      team: 'group:default/payments',
      config: 'airesource:default/payments-agent-config',
      target: 'Bash(curl *)',
      reason: 'We need it.',
      approvedBy: 'group:default/payments',
      until: '2099-12-31',
      rejected:
        'The exception for Bash(curl *) is approved by group:default/payments, who may not approve exceptions',
    },
  ],
  canDecide: false,
  canRequest: true,
  maxDays: 90,
  ...extra,
});

function fake(
  overrides: Partial<AgentPlatformExceptionsApi> = {},
): jest.Mocked<AgentPlatformExceptionsApi> {
  return {
    getExceptions: jest.fn(async () => view()),
    requestException: jest.fn(async () => {
      throw new Error('not expected');
    }),
    decideException: jest.fn(async () => {
      throw new Error('not expected');
    }),
    ...overrides,
  } as jest.Mocked<AgentPlatformExceptionsApi>;
}

const render = (api: AgentPlatformExceptionsApi, team?: string) =>
  renderInTestApp(<ExceptionsCard {...(team ? { team } : {})} />, {
    apis: [[agentPlatformExceptionsApiRef, api]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });

describe('ExceptionsCard', () => {
  it('shows a member the held exceptions, why one does not count, the requests and the form, without decision buttons', async () => {
    const api = fake();
    await render(api, 'group:default/payments');
    const held = await screen.findByRole('list', { name: 'Held exceptions' });
    const [postgres, curl] = within(held).getAllByRole('listitem');
    // Refs are links, never raw `kind:namespace/name` text.
    expect(postgres).toHaveTextContent(
      'postgres-prod until 2027-01-31Approved by dana.kim: Reconciliation.',
    );
    expect(
      within(postgres).getByRole('link', { name: 'dana.kim' }),
    ).toHaveAttribute('href', '/catalog/default/user/dana.kim');
    expect(curl).toHaveTextContent(
      /Does not count: The exception for Bash\(curl \*\) is approved by payments, who may not approve exceptions/,
    );
    const requests = screen.getByRole('list', { name: 'Exception requests' });
    expect(within(requests).getByRole('listitem')).toHaveTextContent(
      'Read(./.env), 2026-12-06 to 2027-01-04: waiting for approvalLedger migration. (asked by elena.sokolova)',
    );
    expect(screen.queryByRole('button', { name: /Approve/ })).toBeNull();
    expect(
      screen.getByRole('form', { name: 'Request an exception' }),
    ).toBeInTheDocument();
    expect(api.getExceptions).toHaveBeenCalledWith('group:default/payments');
  });

  it('lets an approver approve or deny, reloads, and shows a refusal', async () => {
    const api = fake({
      getExceptions: jest.fn(async () =>
        view({ canDecide: true, canRequest: false }),
      ),
      decideException: jest
        .fn()
        .mockResolvedValueOnce({})
        .mockRejectedValueOnce(
          await httpError(409, 'Exception request r1 was already approved'),
        ),
    });
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Approve Read(./.env) for group:default/payments',
      }),
    );
    expect(api.decideException).toHaveBeenCalledWith('r1', 'approve');
    await waitFor(() => expect(api.getExceptions).toHaveBeenCalledTimes(2));
    // Without a team (the overview), every team's rows name their team.
    await waitFor(() =>
      expect(
        within(
          screen.getByRole('list', { name: 'Exception requests' }),
        ).getByRole('listitem'),
      ).toHaveTextContent(
        'Read(./.env), 2026-12-06 to 2027-01-04 (payments): waiting for approval',
      ),
    );
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Deny Read(./.env) for group:default/payments',
      }),
    );
    expect(api.decideException).toHaveBeenLastCalledWith('r1', 'deny');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Exception request r1 was already approved',
    );
    // Nobody asked about a team here: no form.
    expect(screen.queryByRole('form')).toBeNull();
  });

  it('sends a request from the form and reloads', async () => {
    const api = fake({ requestException: jest.fn(async () => ({} as any)) });
    await render(api, 'group:default/payments');
    await userEvent.type(
      await screen.findByLabelText(/Rule or MCP server/),
      'Bash(psql *)',
    );
    await userEvent.type(screen.getByLabelText(/Reason/), 'Backfill.');
    await userEvent.click(screen.getByRole('button', { name: 'Request' }));
    await waitFor(() => expect(api.requestException).toHaveBeenCalled());
    expect(api.requestException.mock.calls[0][0]).toEqual(
      expect.objectContaining({
        team: 'group:default/payments',
        target: 'Bash(psql *)',
        reason: 'Backfill.',
        until: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      }),
    );
    await waitFor(() => expect(api.getExceptions).toHaveBeenCalledTimes(2));
  });

  it('says permission denied on 403', async () => {
    const denied = await httpError(
      403,
      'Not allowed to read the exceptions of group:default/payments',
    );
    await render(
      fake({ getExceptions: jest.fn(async () => Promise.reject(denied)) }),
      'group:default/payments',
    );
    expect(await screen.findByText('Permission denied')).toBeInTheDocument();
  });
});
