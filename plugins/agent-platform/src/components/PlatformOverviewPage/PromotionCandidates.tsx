import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { RefList } from '../common/RefList';
import { formatUsd, shortRef } from '../../lib/format';
import { promoteLink } from '../OrgHealth/NearDuplicatesCard';
import type { PromotionCandidate } from '@agent-platform/plugin-agent-platform-common';
import { DataTable } from './DataTable';

/** Team-local skills other teams already use. */
export function PromotionCandidates(props: {
  candidates: PromotionCandidate[];
  telemetry: boolean;
}) {
  return (
    <>
      {!props.telemetry && (
        <Typography variant="body2" color="textSecondary" gutterBottom>
          From agent configs only: no spend telemetry is available.
        </Typography>
      )}
      {props.candidates.length === 0 ? (
        <Typography variant="body2">
          No team-local skill is used by another team.
        </Typography>
      ) : (
        <DataTable
          label="Promotion candidates"
          rows={props.candidates}
          rowKey={c => c.skill}
          columns={[
            {
              header: 'Skill',
              cell: c => <EntityRefLink entityRef={c.skill} />,
              sortValue: c => c.skill,
            },
            {
              header: 'Owner',
              style: { whiteSpace: 'nowrap' },
              cell: c =>
                c.owner ? <EntityRefLink entityRef={c.owner} /> : '—',
              sortValue: c => c.owner,
            },
            {
              header: 'Other teams (configs)',
              cell: c => <RefList refs={c.configTeams} none="—" />,
              sortValue: c => c.configTeams.length,
              text: c => c.configTeams.join(' '),
            },
            {
              header: 'Other teams (telemetry)',
              cell: c =>
                c.telemetryTeams.length === 0
                  ? '—'
                  : c.telemetryTeams.map((t, i) => (
                      <span key={t.team}>
                        {i > 0 && ', '}
                        <EntityRefLink entityRef={t.team} /> (
                        {formatUsd(t.cost)})
                      </span>
                    )),
              sortValue: c => c.telemetryTeams.reduce((s, t) => s + t.cost, 0),
              text: c =>
                c.telemetryTeams
                  .map(t => `${t.team} (${formatUsd(t.cost)})`)
                  .join(' '),
            },
            {
              header: 'Act',
              cell: c => (
                <Link to={promoteLink(c.skill)}>
                  Promote {shortRef(c.skill)}
                </Link>
              ),
              sortValue: c => c.skill,
              data: false,
            },
          ]}
        />
      )}
    </>
  );
}
