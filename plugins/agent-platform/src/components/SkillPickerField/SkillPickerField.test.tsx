import { fireEvent, screen } from '@testing-library/react';
import { SkillPickerField } from './SkillPickerField';
import {
  fakeBackend,
  fieldProps,
  renderField,
} from '../../scaffolder/__testUtils__/fieldTestApp';

describe('SkillPickerField', () => {
  it("offers what the owner's team may add, as the backend judges it", async () => {
    const onChange = jest.fn();
    const backend = fakeBackend({});
    await renderField(
      <SkillPickerField
        {...fieldProps<string[]>({
          onChange,
          values: { owner: 'group:default/payments' },
        })}
      />,
      backend,
    );
    fireEvent.click(await screen.findByLabelText('write-adr'));
    expect(onChange).toHaveBeenCalledWith(['write-adr']);
    expect(screen.getByLabelText('changelog-writer')).toBeDisabled();
    expect(backend.calls[0].path).toBe(
      '/api/agent-platform/scaffold/options?owner=group%3Adefault%2Fpayments',
    );
  });
});
