import { fireEvent, screen } from '@testing-library/react';
import { AgentToolsPickerField } from './AgentToolsPickerField';
import {
  fakeBackend,
  fieldProps,
  paymentsOptions,
  renderField,
} from '../../scaffolder/__testUtils__/fieldTestApp';

describe('AgentToolsPickerField', () => {
  it("starts with the tools the team's repositories use, and adds what the user ticks", async () => {
    const onChange = jest.fn();
    const backend = fakeBackend({
      options: () => ({ ...paymentsOptions, tools: ['claude-code', 'gemini'] }),
    });
    await renderField(
      <AgentToolsPickerField
        {...fieldProps<string[]>({
          onChange,
          values: { owner: 'group:default/payments' },
        })}
      />,
      backend,
    );
    expect(
      await screen.findByText(
        "Your team's repositories use Claude Code, Gemini CLI.",
      ),
    ).toBeInTheDocument();
    expect(onChange).toHaveBeenCalledWith(['claude-code', 'gemini']);
    expect(screen.getByLabelText('Gemini CLI')).toBeChecked();
    expect(screen.getByLabelText('Cursor')).not.toBeChecked();
    fireEvent.click(screen.getByLabelText('Cursor'));
    expect(onChange).toHaveBeenLastCalledWith([
      'claude-code',
      'cursor',
      'gemini',
    ]);
    expect(
      screen.getByText(
        'Cursor (.cursor/rules/agent-platform.mdc, .cursor/mcp.json)',
      ),
    ).toBeInTheDocument();
  });

  it('fills the empty list the form starts with', async () => {
    const onChange = jest.fn();
    await renderField(
      <AgentToolsPickerField
        {...fieldProps<string[]>({
          onChange,
          formData: [],
          values: { owner: 'group:default/payments' },
        })}
      />,
      fakeBackend({
        options: () => ({
          ...paymentsOptions,
          tools: ['claude-code', 'gemini'],
        }),
      }),
    );
    await screen.findByText(
      "Your team's repositories use Claude Code, Gemini CLI.",
    );
    expect(onChange).toHaveBeenCalledWith(['claude-code', 'gemini']);
    expect(screen.getByLabelText('Claude Code')).toBeChecked();
    expect(screen.queryByText(/None picked/)).toBeNull();
  });
});
