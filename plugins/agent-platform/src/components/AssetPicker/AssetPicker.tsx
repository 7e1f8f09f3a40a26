import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import Typography from '@material-ui/core/Typography';
import type { ScaffoldAssetChoice } from '@agent-platform/plugin-agent-platform-common';
import { StatusChip, Tone } from '../common/StatusChip';

const RISK_TONE: Record<string, Tone> = {
  low: 'ok',
  medium: 'warning',
  high: 'error',
  critical: 'error',
};

const STATUS_TONE: Record<string, Tone> = {
  approved: 'ok',
  restricted: 'warning',
};

function chipsOf(choice: ScaffoldAssetChoice) {
  const chips: Array<{ label: string; tone: Tone; title?: string }> = [];
  if (choice.scope)
    chips.push({ label: `scope ${choice.scope}`, tone: 'info' });
  if (choice.allowlistStatus) {
    chips.push({
      label: choice.allowlistStatus,
      tone: STATUS_TONE[choice.allowlistStatus] ?? 'error',
    });
  }
  if (choice.risk) {
    chips.push({
      label: `risk ${choice.risk}`,
      tone: RISK_TONE[choice.risk] ?? 'neutral',
    });
  }
  if (choice.lifecycle === 'deprecated') {
    chips.push({ label: 'deprecated', tone: 'error' });
  }
  if (choice.evalStatus) {
    chips.push({
      label: `evals ${choice.evalStatus}`,
      tone: choice.evalStatus === 'failing' ? 'error' : 'neutral',
    });
  }
  if (choice.exception) {
    chips.push({
      label: `exception until ${choice.exception.until}`,
      tone: 'warning',
      title: `Approved by ${choice.exception.approvedBy}`,
    });
  }
  return chips;
}

/**
 * A checklist of skills or MCP servers as a team may add them: each with its
 * scope, allowlist status, risk, lifecycle and evaluation; those the team may
 * not add are shown, disabled, with the approved-assets view's reason, and
 * those the base or the team config already bring are shown as included.
 */
export function AssetPicker(props: {
  label: string;
  choices: ScaffoldAssetChoice[];
  value: string[];
  onChange: (value: string[]) => void;
  errors?: string[];
}) {
  const { label, choices, value, onChange } = props;
  const selected = new Set(value);
  const toggle = (name: string, on: boolean) =>
    onChange(on ? [...value, name] : value.filter(v => v !== name));
  return (
    <Box marginTop={2} marginBottom={1} role="group" aria-label={label}>
      <Typography variant="subtitle2">{label}</Typography>
      {choices.map(choice => {
        const included = !!choice.includedBy;
        const disabled = included || !choice.allowed;
        return (
          <Box
            key={choice.ref}
            display="flex"
            alignItems="center"
            flexWrap="wrap"
          >
            <FormControlLabel
              control={
                <Checkbox
                  size="small"
                  checked={included || selected.has(choice.name)}
                  disabled={disabled}
                  onChange={e => toggle(choice.name, e.target.checked)}
                  inputProps={{ 'aria-label': choice.name }}
                />
              }
              label={choice.title ?? choice.name}
            />
            {chipsOf(choice).map(chip => (
              <StatusChip key={chip.label} {...chip} />
            ))}
            {included && (
              <Box component="span" marginLeft={1}>
                <Typography variant="caption" color="textSecondary">
                  included by {choice.includedBy}
                </Typography>
              </Box>
            )}
            {!choice.allowed && (
              <Box component="span" marginLeft={1}>
                <Typography variant="caption" color="textSecondary">
                  not available: {choice.reason}
                </Typography>
              </Box>
            )}
          </Box>
        );
      })}
      {(props.errors ?? []).map(e => (
        <FormHelperText key={e} error>
          {e}
        </FormHelperText>
      ))}
    </Box>
  );
}
