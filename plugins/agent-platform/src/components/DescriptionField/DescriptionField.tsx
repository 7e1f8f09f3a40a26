import TextField from '@material-ui/core/TextField';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  checkUserText,
  SCAFFOLD_USER_TEXT_MAX_LENGTH,
} from '@agent-platform/plugin-agent-platform-common';

/**
 * `ui:field: AgentPlatformDescription`: free text for the agent files,
 * checked as the user types by the core check the action runs
 * (`checkUserText`: size, headings, HTML comments, imports outside the
 * repository).
 */
export function DescriptionField(props: FieldExtensionComponentProps<string>) {
  const { formData, onChange, rawErrors, required, schema, idSchema } = props;
  const value = formData ?? '';
  const problems = checkUserText(value, { field: 'description' }).map(
    p => p.message,
  );
  const errors = [...new Set([...problems, ...(rawErrors ?? [])])];
  return (
    <TextField
      id={idSchema?.$id ?? 'description'}
      label={schema.title ?? 'Description'}
      required={required}
      multiline
      minRows={3}
      fullWidth
      margin="normal"
      value={value}
      onChange={e => onChange(e.target.value || undefined)}
      error={errors.length > 0}
      helperText={
        errors.length > 0
          ? errors.map(e => (
              <span key={e} style={{ display: 'block' }}>
                {e}
              </span>
            ))
          : `${schema.description ?? ''} ${
              value.length
            } / ${SCAFFOLD_USER_TEXT_MAX_LENGTH}`.trim()
      }
    />
  );
}
