import { useEffect } from 'react';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import Typography from '@material-ui/core/Typography';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  AGENT_TOOL_FILES,
  SCAFFOLD_AGENT_TOOLS,
  ScaffoldAgentTool,
} from '@agent-platform/plugin-agent-platform-common';
import { formDataOf, useScaffoldOptions } from '../../scaffolder/useScaffold';

const TITLES: Record<ScaffoldAgentTool, string> = {
  'claude-code': 'Claude Code',
  cursor: 'Cursor',
  codex: 'OpenAI Codex',
  copilot: 'GitHub Copilot',
  gemini: 'Gemini CLI',
};

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
  // The team's tools until the user picks: set once the options arrive.
  useEffect(() => {
    if (teamTools && formData === undefined) onChange(teamTools);
  }, [teamTools, formData, onChange]);
  const chosen = formData ?? teamTools ?? [];
  const toggle = (tool: ScaffoldAgentTool) => {
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
          {teamTools.map(t => TITLES[t as ScaffoldAgentTool] ?? t).join(', ')}.
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
                inputProps={{ 'aria-label': TITLES[tool] }}
              />
            }
            label={`${TITLES[tool]} (${files.context}, ${files.config})`}
          />
        );
      })}
      {chosen.length === 0 && (
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
