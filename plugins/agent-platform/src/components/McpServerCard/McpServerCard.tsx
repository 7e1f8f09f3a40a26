import useAsync from 'react-use/esm/useAsync';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { agentPlatformApiRef } from '../../api/AgentPlatformApi';
import { AssetUsageRows } from '../common/AssetUsageRows';
import { LabeledRow } from '../common/LabeledRow';
import { StatusChip } from '../common/StatusChip';
import { ToolLike, ToolsByAccess } from '../common/ToolsByAccess';
import { allowlistTone } from '../PermissionScopesCard/PermissionScopesCard';

/**
 * The MCP server card: allowlist status and review, auth and risk, tools by
 * access class with their data scopes, endpoints, and which teams use it.
 *
 * @public
 */
export function McpServerCard() {
  const { entity } = useEntity();
  const api = useApi(agentPlatformApiRef);
  const spec = (entity.spec ?? {}) as Record<string, any>;
  const allowlist = spec.allowlist ?? {};
  const serverRef = `api:${entity.metadata.namespace ?? 'default'}/${
    entity.metadata.name
  }`.toLocaleLowerCase('en-US');
  const usage = useAsync(() => api.getAssetUsage(serverRef), [api, serverRef]);
  const tools = (spec.tools ?? []) as ToolLike[];
  return (
    <InfoCard
      titleTypographyProps={{ component: 'h2' }}
      title="MCP server"
      subheader={entity.metadata.title ?? entity.metadata.name}
    >
      <LabeledRow valueComponent="div" label="Allowlist">
        <StatusChip
          label={allowlist.status ?? 'not reviewed'}
          tone={allowlistTone(allowlist.status)}
        />
        {allowlist.reason && <span>{allowlist.reason}</span>}
      </LabeledRow>
      {(allowlist.reviewer || allowlist.reviewedAt) && (
        <LabeledRow valueComponent="div" label="Reviewed">
          {allowlist.reviewer ? (
            <EntityRefLink entityRef={allowlist.reviewer} defaultKind="User" />
          ) : (
            'unknown'
          )}
          {allowlist.reviewedAt ? ` on ${allowlist.reviewedAt}` : ''}
        </LabeledRow>
      )}
      {allowlist.status === 'restricted' && (
        <Typography variant="body2" gutterBottom>
          Restricted: a team may use it only under an unexpired exception in its
          agent config.
        </Typography>
      )}
      <LabeledRow valueComponent="div" label="Auth / risk">
        {spec.auth ?? 'not stated'} / {spec.risk ?? 'not rated'}
      </LabeledRow>
      <LabeledRow valueComponent="div" label="Lifecycle">
        <StatusChip
          label={spec.lifecycle ?? 'unknown'}
          tone={spec.lifecycle === 'deprecated' ? 'error' : 'neutral'}
        />
      </LabeledRow>
      {Array.isArray(spec.remotes) && spec.remotes.length > 0 && (
        <LabeledRow valueComponent="div" label="Endpoints">
          {spec.remotes.map((r: any) => (
            <div key={`${r.type}-${r.url}`}>
              <code>{r.url}</code> ({r.type})
            </div>
          ))}
        </LabeledRow>
      )}
      <Typography variant="subtitle2" component="h3">
        Tools and scopes ({tools.length})
      </Typography>
      <ToolsByAccess tools={tools} showData />
      <Box mt={2}>
        <Typography variant="subtitle2" component="h3">
          Used by
        </Typography>
        <AssetUsageRows
          what="MCP server usage"
          emptyTitle="No agent config lists this server"
          state={usage}
          valueComponent="div"
        />
      </Box>
    </InfoCard>
  );
}
