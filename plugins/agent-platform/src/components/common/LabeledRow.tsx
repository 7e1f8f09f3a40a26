import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { AssetUsage } from '../../lib/usage';
import { AsyncContent, LoadState } from './AsyncContent';
import { RefList } from './RefList';

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

/**
 * Which agent configs list an asset (a skill or an MCP server): the bases, the
 * teams and the repositories, from the catalog's relations.
 */
export function AssetUsageRows(props: {
  /** What is loading, for the loading and error states. */
  what: string;
  emptyTitle: string;
  state: LoadState<AssetUsage>;
  valueComponent?: 'span' | 'div';
}) {
  const { valueComponent } = props;
  return (
    <AsyncContent
      what={props.what}
      state={props.state}
      emptyTitle={props.emptyTitle}
      isEmpty={(u: AssetUsage) =>
        u.teams.length + u.repos.length + u.bases.length === 0
      }
    >
      {u => (
        <>
          {u.bases.length > 0 && (
            <LabeledRow label="Base" valueComponent={valueComponent}>
              <RefList refs={u.bases} /> (every team on those releases)
            </LabeledRow>
          )}
          <LabeledRow label="Teams" valueComponent={valueComponent}>
            <RefList refs={u.teams} />
          </LabeledRow>
          <LabeledRow label="Repositories" valueComponent={valueComponent}>
            <RefList refs={u.repos} />
          </LabeledRow>
        </>
      )}
    </AsyncContent>
  );
}
