import type { PlatformOverview } from '@agent-platform/plugin-agent-platform-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/** Headline totals of the overview. */
export function OverviewTotals(props: {
  overview: PlatformOverview & { builtAt: string };
}) {
  const { totals } = props.overview;
  const items: Array<[string, number]> = [
    ['Teams', totals.teams],
    ['Repositories', totals.repos],
    ['Teams with errors', totals.teamsWithErrors],
    ['Teams behind', totals.teamsBehind],
    ['Missing a security release', totals.teamsMissingSecurity],
  ];
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      style={{ gap: 24 }}
      aria-label="Totals"
      role="group"
    >
      {items.map(([label, value]) => (
        <div key={label}>
          <Typography variant="caption" color="textSecondary" component="div">
            {label}
          </Typography>
          <Typography variant="h5" component="div">
            {value}
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
