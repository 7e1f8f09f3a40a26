import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/** A label and its value on one line, wrapping on a narrow card. */
export function LabeledRow(props: {
  label: string;
  children: ReactNode;
  /** The element the value renders as (`div` when it holds blocks). */
  valueComponent?: 'span' | 'div';
}) {
  return (
    <Box display="flex" flexWrap="wrap" mb={1}>
      <Typography
        variant="body2"
        component="span"
        color="textSecondary"
        style={{ minWidth: 130 }}
      >
        {props.label}
      </Typography>
      <Typography variant="body2" component={props.valueComponent ?? 'span'}>
        {props.children}
      </Typography>
    </Box>
  );
}
