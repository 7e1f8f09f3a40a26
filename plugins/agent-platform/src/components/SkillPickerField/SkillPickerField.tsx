import FormHelperText from '@material-ui/core/FormHelperText';
import Typography from '@material-ui/core/Typography';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { AssetPicker } from '../AssetPicker';
import { formDataOf, useScaffoldOptions } from '../../scaffolder/useScaffold';

/**
 * `ui:field: AgentPlatformSkillPicker`: the skills the owner's team may add on top of
 * the base and the team config (the approved-assets rules), with scope,
 * risk and deprecation.
 */
export function SkillPickerField(
  props: FieldExtensionComponentProps<string[]>,
) {
  const owner = formDataOf(props as any).owner as string | undefined;
  const state = useScaffoldOptions(owner);
  if (state.loading) {
    return <Typography variant="body2">Loading skills…</Typography>;
  }
  if (state.error) {
    return (
      <FormHelperText error>
        Could not load the skills: {state.error.message}
      </FormHelperText>
    );
  }
  return (
    <AssetPicker
      label={props.schema.title ?? 'Extra skills'}
      choices={state.value?.skills ?? []}
      value={props.formData ?? []}
      onChange={props.onChange}
      errors={props.rawErrors}
    />
  );
}
