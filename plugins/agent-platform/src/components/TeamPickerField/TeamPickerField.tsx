import { useEffect } from 'react';
import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import InputLabel from '@material-ui/core/InputLabel';
import NativeSelect from '@material-ui/core/NativeSelect';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { useScaffoldOptions } from '../../scaffolder/useScaffold';

/**
 * `ui:field: AgentPlatformTeamPicker`: the owning team, chosen among the
 * teams the user belongs to (every team for the platform team), defaulting
 * to the user's own team.
 */
export function TeamPickerField(props: FieldExtensionComponentProps<string>) {
  const { formData, onChange, rawErrors, required, schema, idSchema } = props;
  const state = useScaffoldOptions();
  const options = state.value;
  useEffect(() => {
    if (!formData && options?.owner) onChange(options.owner);
  }, [formData, options?.owner, onChange]);
  const id = idSchema?.$id ?? 'owner';
  const noTeam = options && options.teams.length === 0;
  const problems = options?.problems.map(p => p.message) ?? [];
  const errors = [...(rawErrors ?? []), ...(noTeam ? problems : [])];
  let helpText =
    schema.description ??
    'Teams you belong to; the repository is owned by one of them.';
  if (errors.length > 0) helpText = errors.join(' ');
  if (state.error)
    helpText = `Could not load your teams: ${state.error.message}`;
  return (
    <FormControl
      fullWidth
      margin="normal"
      required={required}
      error={errors.length > 0 || !!state.error}
    >
      <InputLabel htmlFor={id} shrink>
        {schema.title ?? 'Owning team'}
      </InputLabel>
      <NativeSelect
        id={id}
        value={formData ?? ''}
        disabled={state.loading || noTeam}
        onChange={e => onChange(e.target.value || undefined)}
      >
        {!formData && (
          <option value="">{state.loading ? 'Loading…' : ''}</option>
        )}
        {options?.teams.map(team => (
          <option key={team.ref} value={team.ref}>
            {team.title} ({team.ref})
          </option>
        ))}
      </NativeSelect>
      <FormHelperText>{helpText}</FormHelperText>
    </FormControl>
  );
}
