import { useEffect } from 'react';
import Box from '@material-ui/core/Box';
import FormHelperText from '@material-ui/core/FormHelperText';
import Typography from '@material-ui/core/Typography';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { StatusChip } from '../common/StatusChip';
import { formDataOf, useScaffoldOptions } from '../../scaffolder/useScaffold';

const nameOf = (ref: string) => ref.replace(/^.*\//, '');

/**
 * `ui:field: AgentPlatformBaseRelease`: the org base release the new
 * repository will pin, and what the owner's team config adds to it. Its
 * value is the release's version, which the action compares with the
 * release current at Create (a release withdrawn meanwhile is refused).
 */
export function BaseReleaseField(props: FieldExtensionComponentProps<string>) {
  const { formData, onChange, rawErrors, schema } = props;
  const owner = formDataOf(props as any).owner as string | undefined;
  const state = useScaffoldOptions(owner);
  const options = state.value;
  const version = options?.release?.version;
  useEffect(() => {
    if (version && formData !== version) onChange(version);
  }, [version, formData, onChange]);
  const team = options?.teamConfig;
  return (
    <Box marginTop={2} marginBottom={1}>
      <Typography variant="subtitle2">
        {schema.title ?? 'Org base release'}
      </Typography>
      {state.loading && <Typography variant="body2">Loading…</Typography>}
      {state.error && (
        <FormHelperText error>
          Could not load the base: {state.error.message}
        </FormHelperText>
      )}
      {options?.pin && options.release && (
        <Box>
          <Typography variant="h6" component="p" data-testid="pinned-release">
            {options.pin}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            The repository's agent files will pin this release
            {options.release.date ? ` (released ${options.release.date})` : ''}.
          </Typography>
          {options.release.security && (
            <StatusChip label="security release" tone="warning" />
          )}
        </Box>
      )}
      {team && (
        <Box marginTop={1} data-testid="team-adds">
          <Typography variant="body2">
            {team.title} adds:{' '}
            {[
              team.skills.length > 0 &&
                `skills ${team.skills.map(nameOf).join(', ')}`,
              team.mcpServers.length > 0 &&
                `MCP servers ${team.mcpServers.map(nameOf).join(', ')}`,
              team.defaultMode && `permission mode ${team.defaultMode}`,
              team.model && `model ${team.model}`,
              `${team.rules.ask.length} ask and ${team.rules.deny.length} deny rules`,
            ]
              .filter(Boolean)
              .join('; ')}
          </Typography>
        </Box>
      )}
      {[...(options?.problems ?? []).map(p => p.message), ...(rawErrors ?? [])]
        .filter(Boolean)
        .map(message => (
          <FormHelperText key={message} error>
            {message}
          </FormHelperText>
        ))}
    </Box>
  );
}
