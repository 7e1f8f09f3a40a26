import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { formatUsd, formatPercent } from '../../lib/format';
import type { ModelMixDeparture } from '@agent-platform/plugin-agent-platform-common';
import { DataTable } from './DataTable';

const outside = (d: ModelMixDeparture) =>
  d.outside.map(o => `${o.model} (${formatUsd(o.cost)})`).join(', ');

/** Teams whose model mix departs from their routing. */
export function ModelMixTable(props: { departures: ModelMixDeparture[] }) {
  if (props.departures.length === 0) {
    return (
      <Typography variant="body2">
        Every team's spend follows its model routing.
      </Typography>
    );
  }
  return (
    <DataTable
      label="Model mix departures"
      rows={props.departures}
      rowKey={d => d.team}
      columns={[
        {
          header: 'Team',
          cell: d => <EntityRefLink entityRef={d.team} />,
          sortValue: d => d.team,
        },
        {
          header: 'Outside routing',
          align: 'right',
          cell: d => formatPercent(d.share),
          sortValue: d => d.share,
        },
        {
          header: 'Models outside',
          cell: d => outside(d),
          sortValue: d => d.outside.reduce((sum, o) => sum + o.cost, 0),
          text: d => outside(d),
        },
        {
          header: 'Routing',
          cell: d => d.routed.join(', '),
          sortValue: d => d.routed.join(', '),
        },
      ]}
    />
  );
}
