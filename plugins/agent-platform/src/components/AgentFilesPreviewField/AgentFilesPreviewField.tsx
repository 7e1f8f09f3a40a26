import { useEffect, useState } from 'react';
import Box from '@material-ui/core/Box';
import FormHelperText from '@material-ui/core/FormHelperText';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import useAsync from 'react-use/esm/useAsync';
import { formDataOf, useScaffoldClient } from '../../scaffolder/useScaffold';

/** The form values the preview sends; other fields (repoUrl...) are not the engine's. */
function requestOf(values: Record<string, any>) {
  return {
    name: values.name ?? '',
    owner: values.owner ?? '',
    ...(values.description ? { description: values.description } : {}),
    ...(values.skills ? { skills: values.skills } : {}),
    ...(values.mcpServers ? { mcpServers: values.mcpServers } : {}),
    ...(values.layout ? { layout: values.layout } : {}),
    ...(values.baseVersion ? { baseVersion: values.baseVersion } : {}),
  };
}

/**
 * `ui:field: AgentPlatformFilesPreview`: every agent file the template will
 * generate (CLAUDE.md, AGENTS.md, .mcp.json, .claude/settings.json), rendered
 * by the backend with the engine the action runs, or the problems by field.
 * Its value is true when the request passes; the field's validation keeps
 * the form from going on otherwise.
 */
export function AgentFilesPreviewField(
  props: FieldExtensionComponentProps<boolean>,
) {
  const { onChange, formData } = props;
  const client = useScaffoldClient();
  const body = JSON.stringify(requestOf(formDataOf(props as any)));
  // Wait for typing to settle before asking the backend.
  const [settled, setSettled] = useState(body);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(body), 300);
    return () => clearTimeout(timer);
  }, [body]);
  const state = useAsync(
    () => client.preview(JSON.parse(settled)),
    [client, settled],
  );
  const ok = state.value?.ok === true;
  useEffect(() => {
    if (!state.loading && formData !== ok) onChange(ok);
  }, [ok, state.loading, formData, onChange]);
  const [tab, setTab] = useState(0);

  if (state.loading && !state.value) {
    return <Typography variant="body2">Rendering the agent files…</Typography>;
  }
  if (state.error) {
    return (
      <FormHelperText error>
        Could not render the preview: {state.error.message}
      </FormHelperText>
    );
  }
  const preview = state.value;
  if (!preview) return null;
  if (!preview.ok) {
    return (
      <Box marginTop={2} role="alert">
        <Typography variant="subtitle2">
          The agent context cannot be created as it is:
        </Typography>
        {preview.problems.map(p => (
          <FormHelperText key={`${p.field}:${p.message}`} error>
            {p.field}: {p.message}
          </FormHelperText>
        ))}
      </Box>
    );
  }
  const paths = Object.keys(preview.files);
  const path = paths[Math.min(tab, paths.length - 1)];
  return (
    <Box marginTop={2}>
      <Typography variant="subtitle2">
        Generated agent files, pinned to {preview.pin}
      </Typography>
      <Tabs
        value={Math.min(tab, paths.length - 1)}
        onChange={(_, index) => setTab(index)}
        variant="scrollable"
        aria-label="Generated files"
      >
        {paths.map(p => (
          <Tab key={p} label={p} />
        ))}
      </Tabs>
      <Box
        component="pre"
        data-testid="preview-file"
        style={{
          whiteSpace: 'pre-wrap',
          maxHeight: 360,
          overflow: 'auto',
          fontSize: 12,
          padding: 8,
          border: '1px solid rgba(127,127,127,0.3)',
        }}
      >
        {preview.files[path]}
      </Box>
      {preview.skills.length > 0 && (
        <Typography variant="body2">
          Skills copied into .claude/skills/: {preview.skills.join(', ')}
        </Typography>
      )}
      {preview.variables.length > 0 && (
        <Typography variant="body2">
          Environment variables .mcp.json reads: {preview.variables.join(', ')}
        </Typography>
      )}
      {preview.warnings.map(w => (
        <FormHelperText key={w}>{w}</FormHelperText>
      ))}
    </Box>
  );
}
