import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { PlatformOverview } from '@agent-platform/plugin-agent-platform-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { RefList } from '../common/RefList';
import { StatusChip } from '../common/StatusChip';
import { Scroll } from './DataTable';

/** Deprecated releases, skills and MCP servers still in use. */
export function DeprecatedInUse(props: { overview: PlatformOverview }) {
  const { releases, skills, mcpServers } = props.overview.deprecated;
  if (releases.length + skills.length + mcpServers.length === 0) {
    return (
      <Typography variant="body2">Nothing deprecated is in use.</Typography>
    );
  }
  return (
    <Scroll>
      <Table size="small" aria-label="Deprecated assets in use">
        <TableHead>
          <TableRow>
            <TableCell>Asset</TableCell>
            <TableCell>Replacement</TableCell>
            <TableCell>Still used by</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {releases.map(r => (
            <TableRow key={`release-${r.version}`}>
              <TableCell>
                Release {r.version}{' '}
                {r.withdrawn ? (
                  <StatusChip label="Withdrawn" tone="error" />
                ) : (
                  <StatusChip label="Deprecated" tone="warning" />
                )}
              </TableCell>
              <TableCell>latest release</TableCell>
              <TableCell>
                <RefList refs={[...r.teams, ...r.repos]} />
              </TableCell>
            </TableRow>
          ))}
          {skills.map(s => (
            <TableRow key={s.ref}>
              <TableCell>
                <EntityRefLink entityRef={s.ref} />
              </TableCell>
              <TableCell>
                {s.replacedBy ? (
                  <EntityRefLink entityRef={s.replacedBy} />
                ) : (
                  '—'
                )}
              </TableCell>
              <TableCell>
                <RefList refs={s.usedBy} />
              </TableCell>
            </TableRow>
          ))}
          {mcpServers.map(s => (
            <TableRow key={s.ref}>
              <TableCell>
                <EntityRefLink entityRef={s.ref} />
              </TableCell>
              <TableCell>—</TableCell>
              <TableCell>
                <RefList refs={s.usedBy} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Scroll>
  );
}
