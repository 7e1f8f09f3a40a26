import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { RefList } from '../common/RefList';
import { StatusChip } from '../common/StatusChip';
import type { SkillUsage } from '@agent-platform/plugin-agent-platform-common';
import { DataTable } from './DataTable';

/** Teams per skill: their own configs, and those that get it from the base. */
export function SkillReuseTable(props: { reuse: SkillUsage[] }) {
  if (props.reuse.length === 0)
    return <Typography variant="body2">No skills in the catalog.</Typography>;
  return (
    <DataTable
      label="Skill reuse"
      rows={props.reuse}
      rowKey={r => r.ref}
      columns={[
        {
          header: 'Skill',
          cell: r => (
            <>
              <EntityRefLink entityRef={r.ref} title={r.title} />
              {r.lifecycle === 'deprecated' && (
                <StatusChip label="Deprecated" tone="warning" />
              )}
            </>
          ),
          sortValue: r => r.title,
          text: r =>
            r.lifecycle === 'deprecated' ? `${r.title} (deprecated)` : r.title,
        },
        {
          header: 'Owner',
          style: { whiteSpace: 'nowrap' },
          cell: r => (r.owner ? <EntityRefLink entityRef={r.owner} /> : '—'),
          sortValue: r => r.owner,
        },
        {
          header: 'Scope',
          style: { whiteSpace: 'nowrap' },
          cell: r => r.scope ?? '—',
          sortValue: r => r.scope,
        },
        {
          header: 'Teams',
          align: 'right',
          cell: r => r.teams.length + r.viaBase.length,
          sortValue: r => r.teams.length + r.viaBase.length,
        },
        {
          header: 'Used by',
          cell: r => (
            <>
              {r.inBase && (
                <StatusChip
                  label={`Through the base: ${r.viaBase.length}`}
                  tone="info"
                />
              )}
              <RefList refs={r.teams} none={r.inBase ? '' : 'no team'} />
            </>
          ),
          sortValue: r => r.teams.length,
          text: r =>
            [
              r.inBase ? `through the base: ${r.viaBase.length}` : '',
              ...r.teams,
            ]
              .filter(Boolean)
              .join(' '),
        },
      ]}
    />
  );
}
