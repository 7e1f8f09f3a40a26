import useAsync from 'react-use/esm/useAsync';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { ConfigHistoryEntry } from '@agent-platform/plugin-agent-platform-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { agentPlatformApiRef } from '../../api/AgentPlatformApi';
import { AsyncContent } from '../common/AsyncContent';
import { useEntityRef } from '../../lib/useEntityRef';

const useStyles = makeStyles((theme: Theme) => ({
  timeline: { listStyle: 'none', margin: 0, padding: 0 },
  entry: {
    position: 'relative',
    paddingLeft: theme.spacing(3),
    paddingBottom: theme.spacing(2),
    borderLeft: `2px solid ${theme.palette.divider}`,
    marginLeft: theme.spacing(1),
    '&:last-child': { borderLeftColor: 'transparent' },
    '&::before': {
      content: '""',
      position: 'absolute',
      left: -7,
      top: 4,
      width: 12,
      height: 12,
      borderRadius: '50%',
      backgroundColor: theme.palette.primary.main,
    },
  },
  line: { fontFamily: 'monospace', fontSize: '0.8rem', whiteSpace: 'pre-wrap' },
  chip: { marginRight: theme.spacing(0.5) },
}));

const TAG_LABELS: Record<string, string> = {
  first: 'first recorded',
  removed: 'config removed',
  release: 'release',
  pin: 'pin',
  config: 'config',
  rules: 'rules',
  assets: 'skills & servers',
  routing: 'model routing',
  budget: 'budget',
  exception: 'exception',
  violation: 'violation',
};

/** When, in the reader's words: the day and the UTC time. */
const when = (at: string) => `${at.slice(0, 10)} ${at.slice(11, 16)} UTC`;

/** One entry of the timeline. */
export function HistoryEntry(props: {
  entry: ConfigHistoryEntry;
  self: string;
}) {
  const classes = useStyles();
  const { entry, self } = props;
  return (
    <li className={classes.entry} aria-label={`Change on ${when(entry.at)}`}>
      <Typography variant="caption" color="textSecondary" component="div">
        {when(entry.at)}
        {entry.subject !== self ? (
          <>
            {' · '}
            <EntityRefLink entityRef={entry.subject} />
          </>
        ) : null}
      </Typography>
      <Box my={0.5}>
        {entry.tags.map(tag => (
          <Chip
            key={tag}
            size="small"
            label={TAG_LABELS[tag] ?? tag}
            className={classes.chip}
            color={tag === 'violation' ? 'secondary' : 'default'}
          />
        ))}
      </Box>
      {entry.lines.map((line, i) => (
        <Typography key={i} className={classes.line} component="div">
          {line}
        </Typography>
      ))}
    </li>
  );
}

/**
 * The history of a team's or repository's effective config as a timeline,
 * newest first: new releases, rules, exceptions granted or expired,
 * violations. A team's timeline includes its repositories'; a repository's,
 * its team's.
 */
export function ConfigHistoryCard(props: { entityRef: string }) {
  const api = useApi(agentPlatformApiRef);
  const { entityRef } = props;
  const state = useAsync(
    () => api.getConfigHistory(entityRef),
    [api, entityRef],
  );
  const classes = useStyles();
  return (
    <InfoCard
      title="Agent config history"
      subheader="What changed in the effective config, and when"
    >
      <AsyncContent
        what="agent config history"
        state={state}
        emptyTitle="No changes recorded yet"
        emptyDescription="Changes are recorded when the platform snapshot sees them."
        isEmpty={value => value.entries.length === 0}
      >
        {value => (
          <ol className={classes.timeline}>
            {value.entries.map(entry => (
              <HistoryEntry key={entry.id} entry={entry} self={entityRef} />
            ))}
          </ol>
        )}
      </AsyncContent>
    </InfoCard>
  );
}

/** {@link ConfigHistoryCard} for the Group or Component of the current entity page. */
export function EntityConfigHistoryCard() {
  return <ConfigHistoryCard entityRef={useEntityRef()} />;
}
