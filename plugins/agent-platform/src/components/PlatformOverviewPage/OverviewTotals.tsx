import { Link } from '@backstage/core-components';
import type { PlatformOverview } from '@agent-platform/plugin-agent-platform-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { overviewLink, OverviewFilters } from '../../lib/overviewFilters';

/**
 * Headline totals of the overview (of the whole org, as the backend counted
 * them). Each links to the rows behind it: the table it counts, with the
 * filters that show exactly those rows.
 */
export function OverviewTotals(props: {
  overview: PlatformOverview & { builtAt: string };
}) {
  const { totals } = props.overview;
  const items: Array<{
    label: string;
    value: number;
    filters: OverviewFilters;
    anchor: string;
    what: string;
  }> = [
    {
      label: 'Teams',
      value: totals.teams,
      filters: {},
      anchor: 'ap-drift',
      what: 'every team',
    },
    {
      label: 'Repositories',
      value: totals.repos,
      filters: {},
      anchor: 'ap-releases',
      what: 'the repositories per release',
    },
    {
      label: 'Teams with errors',
      value: totals.teamsWithErrors,
      filters: { severity: 'error' },
      anchor: 'ap-violations',
      what: 'the errors',
    },
    {
      label: 'Teams behind',
      value: totals.teamsBehind,
      filters: { drift: 'behind' },
      anchor: 'ap-drift',
      what: 'the teams behind the latest release',
    },
    {
      label: 'Missing a security release',
      value: totals.teamsMissingSecurity,
      filters: { drift: 'security' },
      anchor: 'ap-drift',
      what: 'the teams missing a security release',
    },
  ];
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      style={{ gap: 24 }}
      aria-label="Totals"
      role="group"
    >
      {items.map(item => (
        <div key={item.label}>
          <Typography variant="caption" color="textSecondary" component="div">
            {item.label}
          </Typography>
          <Typography variant="h5" component="div">
            <Link
              to={overviewLink(item.filters, item.anchor)}
              title={`Show ${item.what}`}
            >
              {item.value}
            </Link>
          </Typography>
        </div>
      ))}
      <Typography
        variant="caption"
        color="textSecondary"
        style={{ alignSelf: 'flex-end' }}
      >
        Snapshot built {props.overview.builtAt}
      </Typography>
    </Box>
  );
}
