import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import type {
  EffectiveRule,
  TargetResolution,
} from '@agent-platform/plugin-agent-platform-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { agentPlatformApiRef } from '../../api/AgentPlatformApi';
import { AsyncContent } from '../common/AsyncContent';
import { StatusChip, Tone } from '../common/StatusChip';
import { ToolLike, ToolsByAccess } from '../common/ToolsByAccess';
import { Violations } from '../common/Violations';
import { isMcpServer } from '../../lib/filters';
import { useEntityRef } from '../../lib/useEntityRef';

const RULE_CLASSES: Array<{
  key: 'allow' | 'ask' | 'deny';
  label: string;
  tone: Tone;
}> = [
  { key: 'deny', label: 'Deny', tone: 'error' },
  { key: 'ask', label: 'Ask', tone: 'warning' },
  { key: 'allow', label: 'Allow', tone: 'ok' },
];

/** Allowlist status as a chip tone. */
export function allowlistTone(status: string | undefined): Tone {
  switch (status) {
    case 'approved':
      return 'ok';
    case 'restricted':
      return 'warning';
    case 'denied':
      return 'error';
    default:
      return 'neutral';
  }
}

/** The effective permission rules, one row per rule with the layer it came from. */
export function RulesTable(props: {
  permissions: TargetResolution['effective']['permissions'];
  flagged: Set<string>;
  /** Rules shown before "Show all". */
  limit?: number;
}) {
  const { permissions, flagged } = props;
  const limit = props.limit ?? 10;
  const [expanded, setExpanded] = useState(false);
  const all: Array<{
    cls: (typeof RULE_CLASSES)[number];
    rule: EffectiveRule;
  }> = [];
  for (const cls of RULE_CLASSES) {
    for (const rule of permissions[cls.key]) all.push({ cls, rule });
  }
  // Collapsed, violations first, then rules in deny, ask, allow order.
  const rows = expanded
    ? all
    : [
        ...all.filter(r => flagged.has(r.rule.rule)),
        ...all.filter(r => !flagged.has(r.rule.rule)),
      ].slice(0, limit);
  return (
    <>
      <Typography variant="body2" gutterBottom>
        Default mode:{' '}
        <strong>{permissions.defaultMode?.value ?? 'default'}</strong>
        {permissions.defaultMode
          ? ` (from ${permissions.defaultMode.layer})`
          : ''}
        {' · '}
        {permissions.deny.length} deny, {permissions.ask.length} ask,{' '}
        {permissions.allow.length} allow rules
      </Typography>
      {rows.length === 0 ? (
        <Typography variant="body2">No permission rules.</Typography>
      ) : (
        <Box style={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Effective permission rules">
            <TableHead>
              <TableRow>
                <TableCell>Effect</TableCell>
                <TableCell>Rule</TableCell>
                <TableCell>Layer</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map(({ cls, rule }) => (
                <TableRow
                  key={`${cls.key}-${rule.key}`}
                  selected={flagged.has(rule.rule)}
                >
                  <TableCell>
                    <StatusChip label={cls.label} tone={cls.tone} />
                  </TableCell>
                  <TableCell>
                    <code>{rule.rule}</code>
                    {flagged.has(rule.rule) && (
                      <StatusChip label="Violation" tone="error" />
                    )}
                  </TableCell>
                  <TableCell>
                    {rule.layer}
                    {rule.alsoIn.length > 0
                      ? ` (also ${rule.alsoIn.join(', ')})`
                      : ''}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {all.length > limit && (
            <Button
              size="small"
              color="primary"
              onClick={() => setExpanded(e => !e)}
              aria-expanded={expanded}
            >
              {expanded ? 'Show fewer rules' : `Show all ${all.length} rules`}
            </Button>
          )}
        </Box>
      )}
    </>
  );
}

/** The MCP servers of an effective config with their tools by access class. */
export function ServersInUse(props: {
  servers: TargetResolution['effective']['mcpServers'];
  /** The tools each server declares, by server ref (the backend's answer). */
  tools: Record<string, ToolLike[]>;
}) {
  if (props.servers.length === 0) {
    return <Typography variant="body2">No MCP servers.</Typography>;
  }
  return (
    <Box style={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="MCP servers in use">
        <TableHead>
          <TableRow>
            <TableCell>Server</TableCell>
            <TableCell>Allowlist</TableCell>
            <TableCell>Tools</TableCell>
            <TableCell>Layer</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.servers.map(server => {
            const tools = props.tools[server.ref] ?? [];
            return (
              <TableRow key={server.ref}>
                <TableCell>
                  <EntityRefLink entityRef={server.ref} />
                </TableCell>
                <TableCell>
                  <StatusChip
                    label={server.allowlistStatus}
                    tone={allowlistTone(server.allowlistStatus)}
                  />
                  {server.risk && (
                    <StatusChip
                      label={`${server.risk} risk`}
                      tone={
                        server.risk === 'high' || server.risk === 'critical'
                          ? 'warning'
                          : 'neutral'
                      }
                    />
                  )}
                  {server.disabledBy && (
                    <StatusChip
                      label={`Off: ${server.disabledBy.rule}`}
                      tone="neutral"
                    />
                  )}
                </TableCell>
                <TableCell>
                  <ToolsByAccess tools={tools} />
                </TableCell>
                <TableCell style={{ whiteSpace: 'nowrap' }}>
                  {server.layer}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Box>
  );
}

/** The scopes of an MCP server itself: its tools by access class and data. */
function McpServerScopes(props: { entity: Entity }) {
  const spec = (props.entity.spec ?? {}) as any;
  const tools = (spec.tools ?? []) as ToolLike[];
  return (
    <>
      <Typography variant="body2" gutterBottom>
        Auth: <strong>{spec.auth ?? 'not stated'}</strong> · Risk:{' '}
        <strong>{spec.risk ?? 'not rated'}</strong> · Allowlist:{' '}
        <StatusChip
          label={spec.allowlist?.status ?? 'not reviewed'}
          tone={allowlistTone(spec.allowlist?.status)}
        />
      </Typography>
      <Typography variant="subtitle2" component="h3">
        Tools by access class
      </Typography>
      <ToolsByAccess tools={tools} showData />
      <Typography variant="body2" color="textSecondary">
        Agent configs reach these tools as{' '}
        <code>mcp__{props.entity.metadata.name}__&lt;tool&gt;</code>.
      </Typography>
    </>
  );
}

interface ScopesData {
  resolution: TargetResolution;
}

/** The effective config's scopes: rules, servers, violations and exceptions. */
export function EffectiveScopes(props: { data: ScopesData; now?: Date }) {
  const { resolution } = props.data;
  const flagged = new Set(
    resolution.violations
      .filter(v => v.rule.startsWith('deny-') || v.rule === 'ask-loosened')
      .map(v => v.item),
  );
  return (
    <>
      <RulesTable
        permissions={resolution.effective.permissions}
        flagged={flagged}
      />
      <Box mt={2}>
        <Typography variant="subtitle2" component="h3">
          MCP servers in use
        </Typography>
        <ServersInUse
          servers={resolution.effective.mcpServers}
          tools={(resolution.serverTools ?? {}) as Record<string, ToolLike[]>}
        />
      </Box>
      <Box mt={2}>
        <Violations
          violations={resolution.violations}
          excepted={resolution.excepted}
          now={props.now}
        />
      </Box>
    </>
  );
}

function EffectiveScopesLoader() {
  const entityRef = useEntityRef();
  const api = useApi(agentPlatformApiRef);
  // The resolution carries each server's declared tools: nothing to join here.
  const state = useAsync(
    async (): Promise<ScopesData> => ({
      resolution: await api.getEffectiveConfig(entityRef),
    }),
    [api, entityRef],
  );
  return (
    <AsyncContent
      what="permission scopes"
      state={state}
      emptyTitle="No agent config applies here"
    >
      {data => <EffectiveScopes data={data} />}
    </AsyncContent>
  );
}

/**
 * The permission scopes card: effective allow, ask and deny rules with their
 * layer, MCP servers with their tools by access class, violations and
 * exceptions. On an MCP server: its own tools by access class.
 *
 * @public
 */
export function PermissionScopesCard() {
  const { entity } = useEntity();
  return (
    <InfoCard
      titleTypographyProps={{ component: 'h2' }}
      title="Permission scopes"
      subheader="What the agents may do here, and which layer said so"
    >
      {isMcpServer(entity) ? (
        <McpServerScopes entity={entity} />
      ) : (
        <EffectiveScopesLoader />
      )}
    </InfoCard>
  );
}
