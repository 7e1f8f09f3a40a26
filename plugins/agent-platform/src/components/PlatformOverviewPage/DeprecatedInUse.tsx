import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { PlatformOverview } from '@agent-platform/plugin-agent-platform-common';
import Typography from '@material-ui/core/Typography';
import { RefList } from '../common/RefList';
import { StatusChip } from '../common/StatusChip';
import { DataTable } from './DataTable';

interface Row {
  key: string;
  /** What the asset column shows and sorts by. */
  name: string;
  /** The asset's ref; none for a release. */
  ref?: string;
  state?: 'Deprecated' | 'Withdrawn';
  owner?: string;
  replacedBy?: string;
  usedBy: string[];
}

/**
 * Deprecated releases, skills and MCP servers still in use, with their
 * owner and where to act: the base's upgrade campaign for a release, the
 * replacement for a skill.
 */
export function DeprecatedInUse(props: { overview: PlatformOverview }) {
  const { releases, skills, mcpServers } = props.overview.deprecated;
  const base =
    props.overview.bases.length === 1 ? props.overview.bases[0] : undefined;
  const rows: Row[] = [
    ...releases.map(r => ({
      key: `release-${r.version}`,
      name: `Release ${r.version}`,
      state: r.withdrawn ? ('Withdrawn' as const) : ('Deprecated' as const),
      usedBy: [...r.teams, ...r.repos],
    })),
    ...skills.map(s => ({ key: s.ref, name: s.ref, ...s })),
    ...mcpServers.map(s => ({ key: s.ref, name: s.ref, ...s })),
  ];
  if (rows.length === 0) {
    return (
      <Typography variant="body2">Nothing deprecated is in use.</Typography>
    );
  }
  return (
    <DataTable
      label="Deprecated assets in use"
      rows={rows}
      rowKey={r => r.key}
      columns={[
        {
          header: 'Asset',
          cell: r =>
            r.ref ? (
              <EntityRefLink entityRef={r.ref} />
            ) : (
              <>
                {r.name}{' '}
                <StatusChip
                  label={r.state ?? 'Deprecated'}
                  tone={r.state === 'Withdrawn' ? 'error' : 'warning'}
                />
              </>
            ),
          sortValue: r => r.name,
          text: r => (r.state ? `${r.name} (${r.state})` : r.name),
        },
        {
          header: 'Owner',
          style: { whiteSpace: 'nowrap' },
          cell: r => (r.owner ? <EntityRefLink entityRef={r.owner} /> : '—'),
          sortValue: r => r.owner,
        },
        {
          header: 'Replacement',
          cell: r => {
            if (!r.ref) {
              return base ? (
                <EntityRefLink entityRef={base.ref}>
                  Upgrade campaign to {base.latest ?? 'the latest release'}
                </EntityRefLink>
              ) : (
                'latest release'
              );
            }
            return r.replacedBy ? (
              <EntityRefLink entityRef={r.replacedBy} />
            ) : (
              '—'
            );
          },
          sortValue: r => r.replacedBy ?? (r.ref ? undefined : 'latest'),
          text: r => r.replacedBy ?? (r.ref ? '' : 'latest release'),
        },
        {
          header: 'Still used by',
          cell: r => <RefList refs={r.usedBy} />,
          sortValue: r => r.usedBy.length,
          text: r => r.usedBy.join(' '),
        },
      ]}
    />
  );
}
