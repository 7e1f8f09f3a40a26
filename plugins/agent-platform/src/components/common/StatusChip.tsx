import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';

/** The tone of a status: each has a text label, never colour alone. */
export type Tone = 'ok' | 'info' | 'warning' | 'error' | 'neutral';

const useStyles = makeStyles((theme: Theme) => ({
  // Dark text on light tints keeps a contrast ratio above 4.5:1 in both themes.
  ok: {
    backgroundColor: theme.palette.type === 'dark' ? '#1b5e20' : '#e8f5e9',
    color: theme.palette.type === 'dark' ? '#ffffff' : '#1b5e20',
  },
  info: {
    backgroundColor: theme.palette.type === 'dark' ? '#0d47a1' : '#e3f2fd',
    color: theme.palette.type === 'dark' ? '#ffffff' : '#0d47a1',
  },
  warning: {
    backgroundColor: theme.palette.type === 'dark' ? '#7a4f01' : '#fff3e0',
    color: theme.palette.type === 'dark' ? '#ffffff' : '#7a3e00',
  },
  error: {
    backgroundColor: theme.palette.type === 'dark' ? '#b71c1c' : '#ffebee',
    color: theme.palette.type === 'dark' ? '#ffffff' : '#b71c1c',
  },
  neutral: {},
  chip: { marginRight: theme.spacing(0.5), marginBottom: theme.spacing(0.5) },
}));

/** A small labelled chip; the label carries the meaning, the colour repeats it. */
export function StatusChip(props: {
  label: string;
  tone: Tone;
  title?: string;
}) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={props.label}
      title={props.title}
      className={`${classes.chip} ${classes[props.tone]}`}
    />
  );
}
