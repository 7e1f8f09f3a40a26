import { screen, waitFor } from '@testing-library/react';
import { TeamPickerField } from './TeamPickerField';
import {
  fakeBackend,
  fieldProps,
  paymentsOptions,
  renderField,
} from '../../scaffolder/__testUtils__/fieldTestApp';

describe('TeamPickerField', () => {
  it("defaults to the user's team and offers only the user's teams", async () => {
    const onChange = jest.fn();
    const backend = fakeBackend({});
    await renderField(
      <TeamPickerField
        {...fieldProps<string>({ onChange, title: 'Owning team' })}
      />,
      backend,
    );
    await waitFor(() =>
      expect(onChange).toHaveBeenCalledWith('group:default/payments'),
    );
    expect(
      screen.getByRole('option', { name: 'Payments (group:default/payments)' }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/data-eng/)).not.toBeInTheDocument();
    expect(backend.calls[0].path).toBe('/api/agent-platform/scaffold/options');
  });

  it('says why a user with no team cannot pick one', async () => {
    const backend = fakeBackend({
      options: () => ({
        ...paymentsOptions,
        teams: [],
        owner: undefined,
        problems: [
          {
            field: 'owner',
            message:
              'user:default/new.hire belongs to no team in the catalog, so cannot own a repository; ask to be added to your team (memberOf) first',
          },
        ],
      }),
    });
    const onChange = jest.fn();
    await renderField(
      <TeamPickerField {...fieldProps<string>({ onChange })} />,
      backend,
    );
    expect(
      await screen.findByText(/belongs to no team in the catalog/),
    ).toBeInTheDocument();
    expect(onChange).not.toHaveBeenCalled();
  });
});
