import { useEffect, useRef } from 'react';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import Typography from '@material-ui/core/Typography';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  AGENT_TOOL_FILES,
  AGENT_TOOL_PARSERS,
  SCAFFOLD_AGENT_TOOLS,
  ScaffoldAgentTool,
} from '@agent-platform/plugin-agent-platform-common';
import { formDataOf, useScaffoldOptions } from '../../scaffolder/useScaffold';

/** A tool's display name, as its parser in the core gives it. */
export const agentToolTitle = (id: string) =>
  AGENT_TOOL_PARSERS.find(p => p.id === id)?.title ?? id;

/**
 * `ui:field: AgentPlatformAgentToolsPicker`: the agent tools the repository
 * gets files for. It starts with the tools the owner team's repositories
 * use (as the backend read them), and each choice names the files it adds;
 * the preview shows them.
 */
export function AgentToolsPickerField(
  props: FieldExtensionComponentProps<string[]>,
) {
  const { formData, onChange, rawErrors, schema } = props;
  const owner = formDataOf(props as any).owner as string | undefined;
  const state = useScaffoldOptions(owner);
  const teamTools = state.value?.tools;
  // The team's tools until the user picks (the form starts the list empty):
  // set once the options arrive.
  const touched = useRef(false);
  const empty = (formData ?? []).length === 0;
  useEffect(() => {
    if (teamTools && empty && !touched.current) onChange(teamTools);
  }, [teamTools, empty, onChange]);
  const chosen = empty && !touched.current ? teamTools ?? [] : formData ?? [];
  const toggle = (tool: ScaffoldAgentTool) => {
    touched.current = true;
    const next = chosen.includes(tool)
      ? chosen.filter(t => t !== tool)
      : [...chosen, tool];
    onChange(SCAFFOLD_AGENT_TOOLS.filter(t => next.includes(t)));
  };
  return (
    <Box marginTop={2} marginBottom={1}>
      <Typography variant="subtitle2">
        {schema.title ?? 'Agent tools'}
      </Typography>
      {teamTools && (
        <Typography variant="body2" color="textSecondary">
          Your team's repositories use{' '}
          {teamTools.map(agentToolTitle).join(', ')}.
        </Typography>
      )}
      {SCAFFOLD_AGENT_TOOLS.map(tool => {
        const files = AGENT_TOOL_FILES[tool];
        return (
          <FormControlLabel
            key={tool}
            control={
              <Checkbox
                checked={chosen.includes(tool)}
                onChange={() => toggle(tool)}
                inputProps={{ 'aria-label': agentToolTitle(tool) }}
              />
            }
            label={`${agentToolTitle(tool)} (${files.context}, ${
              files.config
            })`}
          />
        );
      })}
      {touched.current && empty && (
        <FormHelperText>
          None picked: the files of the tools your team's repositories use.
        </FormHelperText>
      )}
      {(rawErrors ?? []).map(message => (
        <FormHelperText key={message} error>
          {message}
        </FormHelperText>
      ))}
    </Box>
  );
}
