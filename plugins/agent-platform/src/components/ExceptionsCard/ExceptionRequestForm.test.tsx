import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ExceptionRequestForm } from './ExceptionRequestForm';

const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function fill(days: string) {
  await userEvent.type(
    screen.getByLabelText(/Rule or MCP server/),
    'Read(./.env)',
  );
  await userEvent.type(screen.getByLabelText(/Reason/), 'Migration.');
  const input = screen.getByLabelText(/Days/);
  await userEvent.clear(input);
  await userEvent.type(input, days);
}

describe('ExceptionRequestForm', () => {
  it('sends the team, target, reason and the last day (day 1 is today)', async () => {
    const onSubmit = jest.fn(async () => undefined);
    render(
      <ExceptionRequestForm
        team="group:default/payments"
        maxDays={90}
        onSubmit={onSubmit}
      />,
    );
    await fill('10');
    await userEvent.click(screen.getByRole('button', { name: 'Request' }));
    await waitFor(() =>
      expect(onSubmit).toHaveBeenCalledWith({
        team: 'group:default/payments',
        target: 'Read(./.env)',
        reason: 'Migration.',
        until: day(9),
      }),
    );
    // Cleared for the next request.
    await waitFor(() =>
      expect(screen.getByLabelText(/Reason/)).toHaveValue(''),
    );
  });

  it('refuses more days than allowed before sending', async () => {
    const onSubmit = jest.fn(async () => undefined);
    render(
      <ExceptionRequestForm
        team="group:default/payments"
        maxDays={30}
        onSubmit={onSubmit}
      />,
    );
    await fill('31');
    expect(screen.getByRole('button', { name: 'Request' })).toBeDisabled();
    expect(screen.getByText('1 to 30, from today')).toBeInTheDocument();
  });

  it("shows the backend's message and keeps what was typed", async () => {
    const onSubmit = jest.fn(async () => {
      throw new Error('target: api:default/nope is not a known MCP server');
    });
    render(
      <ExceptionRequestForm
        team="group:default/payments"
        maxDays={90}
        onSubmit={onSubmit}
      />,
    );
    await fill('5');
    await userEvent.click(screen.getByRole('button', { name: 'Request' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'target: api:default/nope is not a known MCP server',
    );
    expect(screen.getByLabelText(/Reason/)).toHaveValue('Migration.');
  });
});
