import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { agentPlatformExceptionsApiRef } from '../../api';
import { entities } from '../../__testUtils__';
import { EntityExceptionsCard } from './EntityExceptionsCard';

describe('EntityExceptionsCard', () => {
  it("asks for the exceptions of the page's Group", async () => {
    const getExceptions = jest.fn(async () => ({
      requests: [],
      inConfig: [],
      canDecide: false,
      canRequest: true,
      maxDays: 90,
    }));
    await renderInTestApp(
      <EntityProvider entity={entities.checkout}>
        <EntityExceptionsCard />
      </EntityProvider>,
      { apis: [[agentPlatformExceptionsApiRef, { getExceptions } as any]] },
    );
    expect(
      await screen.findByRole('form', { name: 'Request an exception' }),
    ).toBeInTheDocument();
    expect(getExceptions).toHaveBeenCalledWith('group:default/checkout');
  });
});
