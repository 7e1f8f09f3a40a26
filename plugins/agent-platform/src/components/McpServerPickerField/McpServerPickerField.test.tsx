import { fireEvent, screen } from '@testing-library/react';
import { McpServerPickerField } from './McpServerPickerField';
import {
  fakeBackend,
  fieldProps,
  renderField,
} from '../../scaffolder/__testUtils__/fieldTestApp';

describe('McpServerPickerField', () => {
  it("offers what the owner's team may add, as the backend judges it", async () => {
    const onChange = jest.fn();
    const backend = fakeBackend({});
    await renderField(
      <McpServerPickerField
        {...fieldProps<string[]>({
          onChange,
          values: { owner: 'group:default/payments' },
        })}
      />,
      backend,
    );
    fireEvent.click(await screen.findByLabelText('docs-search'));
    expect(onChange).toHaveBeenCalledWith(['docs-search']);
    expect(screen.getByLabelText('shell-admin')).toBeDisabled();
    expect(backend.calls[0].path).toBe(
      '/api/agent-platform/scaffold/options?owner=group%3Adefault%2Fpayments',
    );
  });
});
