import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';

/** The ranges offered, in days. */
export const RANGE_OPTIONS = [7, 30, 90, 365] as const;

/** Chooses the spend range (the last N days). */
export function RangeSelect(props: {
  days: number;
  onChange: (days: number) => void;
}) {
  return (
    <TextField
      select
      size="small"
      variant="outlined"
      label="Range"
      value={props.days}
      onChange={e => props.onChange(Number(e.target.value))}
      SelectProps={{
        SelectDisplayProps: {
          'aria-label': `Range: last ${props.days} days`,
        } as any,
      }}
      style={{ minWidth: 160 }}
    >
      {RANGE_OPTIONS.map(days => (
        <MenuItem key={days} value={days}>
          Last {days} days
        </MenuItem>
      ))}
    </TextField>
  );
}
