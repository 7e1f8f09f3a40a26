import { ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  catalogApiRef,
  EntityRefLink,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { RELATION_MCP_SERVER_USED_BY } from '@agent-platform/plugin-agent-platform-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { AsyncContent } from '../common/AsyncContent';
import { RefList } from '../common/RefList';
import { StatusChip } from '../common/StatusChip';
import { ToolLike, ToolsByAccess } from '../common/ToolsByAccess';
import { allowlistTone } from '../PermissionScopesCard/PermissionScopesCard';
import { AssetUsage, loadUsage } from '../../lib/usage';

function Row(props: { label: string; children: ReactNode }) {
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
      <Typography variant="body2" component="div">
        {props.children}
      </Typography>
    </Box>
  );
}

/**
 * The MCP server card: allowlist status and review, auth and risk, tools by
 * access class with their data scopes, endpoints, and which teams use it.
 *
 * @public
 */
export function McpServerCard() {
  const { entity } = useEntity();
  const catalogApi = useApi(catalogApiRef);
  const spec = (entity.spec ?? {}) as Record<string, any>;
  const allowlist = spec.allowlist ?? {};
  const usage = useAsync(
    () => loadUsage(catalogApi, entity, RELATION_MCP_SERVER_USED_BY),
    [catalogApi, entity],
  );
  const tools = (spec.tools ?? []) as ToolLike[];
  return (
    <InfoCard
      titleTypographyProps={{ component: 'h2' }}
      title="MCP server"
      subheader={entity.metadata.title ?? entity.metadata.name}
    >
      <Row label="Allowlist">
        <StatusChip
          label={allowlist.status ?? 'not reviewed'}
          tone={allowlistTone(allowlist.status)}
        />
        {allowlist.reason && <span>{allowlist.reason}</span>}
      </Row>
      {(allowlist.reviewer || allowlist.reviewedAt) && (
        <Row label="Reviewed">
          {allowlist.reviewer ? (
            <EntityRefLink entityRef={allowlist.reviewer} defaultKind="User" />
          ) : (
            'unknown'
          )}
          {allowlist.reviewedAt ? ` on ${allowlist.reviewedAt}` : ''}
        </Row>
      )}
      {allowlist.status === 'restricted' && (
        <Typography variant="body2" gutterBottom>
          Restricted: a team may use it only under an unexpired exception in its
          agent config.
        </Typography>
      )}
      <Row label="Auth / risk">
        {spec.auth ?? 'not stated'} / {spec.risk ?? 'not rated'}
      </Row>
      <Row label="Lifecycle">
        <StatusChip
          label={spec.lifecycle ?? 'unknown'}
          tone={spec.lifecycle === 'deprecated' ? 'error' : 'neutral'}
        />
      </Row>
      {Array.isArray(spec.remotes) && spec.remotes.length > 0 && (
        <Row label="Endpoints">
          {spec.remotes.map((r: any) => (
            <div key={`${r.type}-${r.url}`}>
              <code>{r.url}</code> ({r.type})
            </div>
          ))}
        </Row>
      )}
      <Typography variant="subtitle2" component="h3">
        Tools and scopes ({tools.length})
      </Typography>
      <ToolsByAccess tools={tools} showData />
      <Box mt={2}>
        <Typography variant="subtitle2" component="h3">
          Used by
        </Typography>
        <AsyncContent
          what="MCP server usage"
          state={usage}
          emptyTitle="No agent config lists this server"
          isEmpty={(u: AssetUsage) =>
            u.teams.length + u.repos.length + u.bases.length === 0
          }
        >
          {u => (
            <>
              {u.bases.length > 0 && (
                <Row label="Base">
                  <RefList refs={u.bases} /> (every team on those releases)
                </Row>
              )}
              <Row label="Teams">
                <RefList refs={u.teams} />
              </Row>
              <Row label="Repositories">
                <RefList refs={u.repos} />
              </Row>
            </>
          )}
        </AsyncContent>
      </Box>
    </InfoCard>
  );
}
