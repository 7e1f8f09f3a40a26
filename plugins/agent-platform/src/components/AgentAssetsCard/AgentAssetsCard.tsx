import useAsync from 'react-use/esm/useAsync';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type {
  AssetToolAccess,
  EntityAgentAssets,
} from '@agent-platform/plugin-agent-platform-common';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { agentPlatformApiRef } from '../../api/AgentPlatformApi';
import { AsyncContent } from '../common/AsyncContent';
import { StatusChip, Tone } from '../common/StatusChip';

const SOURCE: Record<string, { label: string; tone: Tone; title: string }> = {
  org: {
    label: 'inherited',
    tone: 'info',
    title: 'From the org: the base release or the org registry',
  },
  team: { label: "team's own", tone: 'ok', title: "The team's own asset" },
  repo: {
    label: 'repository',
    tone: 'neutral',
    title: "Defined in a repository's .claude folder",
  },
};

const NOWRAP = { whiteSpace: 'nowrap' } as const;

const EVAL: Record<string, Tone> = {
  passing: 'ok',
  failing: 'error',
  pending: 'warning',
  none: 'neutral',
};

const ACCESS: Record<AssetToolAccess['access'], { label: string; tone: Tone }> =
  {
    allowed: { label: 'allowed', tone: 'ok' },
    ask: { label: 'asks', tone: 'warning' },
    'partly-denied': { label: 'partly denied', tone: 'warning' },
    denied: { label: 'denied', tone: 'error' },
    invalid: { label: 'not a tool', tone: 'error' },
  };

function Source(props: { source: string; component?: string }) {
  const s = SOURCE[props.source] ?? SOURCE.org;
  return (
    <>
      <StatusChip label={s.label} tone={s.tone} title={s.title} />
      {props.component && <EntityRefLink entityRef={props.component} />}
    </>
  );
}

/** One tool of a subagent and what the effective rules make of it. */
function Tool(props: { tool: AssetToolAccess }) {
  const { tool } = props;
  const access = ACCESS[tool.access];
  const why = tool.rule
    ? `${access.label} by ${tool.rule.rule} (${tool.rule.layer})`
    : access.label;
  return (
    <Box component="span" display="inline-block" mr={1} mb={0.5}>
      <code>{tool.tool}</code>{' '}
      <StatusChip label={access.label} tone={access.tone} title={why} />
    </Box>
  );
}

function Section(props: {
  title: string;
  count: number;
  children: JSX.Element;
}) {
  return (
    <Box mb={3}>
      <Typography variant="h6" component="h3">
        {props.title} ({props.count})
      </Typography>
      {props.count === 0 ? (
        <Typography variant="body2" color="textSecondary">
          None apply here.
        </Typography>
      ) : (
        props.children
      )}
    </Box>
  );
}

/** The three tables of the card, for one answer. */
export function AgentAssetsTables(props: { assets: EntityAgentAssets }) {
  const { skills, subagents, rules, violations } = props.assets;
  return (
    <>
      {violations.length > 0 && (
        <Box mb={2} role="alert">
          <Typography variant="subtitle2" component="h3">
            Subagent tools the effective rules refuse
          </Typography>
          <ul>
            {violations.map(v => (
              <li key={`${v.asset}:${v.item}`}>
                <StatusChip
                  label={v.severity}
                  tone={v.severity === 'error' ? 'error' : 'warning'}
                />
                {v.message}. Fix it in <EntityRefLink entityRef={v.asset} />{' '}
                (drop the tool) or ask for an exception to{' '}
                {v.conflictsWith.item}.
              </li>
            ))}
          </ul>
        </Box>
      )}
      <Section title="Skills" count={skills.length}>
        <Table size="small" aria-label="Skills">
          <TableHead>
            <TableRow>
              <TableCell>Skill</TableCell>
              <TableCell>Version</TableCell>
              <TableCell>From</TableCell>
              <TableCell>Evaluation</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {skills.map(s => (
              <TableRow key={s.ref}>
                <TableCell>
                  <EntityRefLink entityRef={s.ref} title={s.title} />
                </TableCell>
                <TableCell style={NOWRAP}>{s.version ?? '-'}</TableCell>
                <TableCell title={s.layer}>
                  <Source source={s.source} />
                </TableCell>
                <TableCell>
                  {s.evalStatus ? (
                    <StatusChip
                      label={s.evalStatus}
                      tone={EVAL[s.evalStatus] ?? 'neutral'}
                    />
                  ) : (
                    '-'
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Section>
      <Section title="Subagents" count={subagents.length}>
        <Table size="small" aria-label="Subagents">
          <TableHead>
            <TableRow>
              <TableCell>Subagent</TableCell>
              <TableCell>Version</TableCell>
              <TableCell>From</TableCell>
              <TableCell>Model</TableCell>
              <TableCell>Tools after the effective rules</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {subagents.map(s => (
              <TableRow key={s.ref}>
                <TableCell>
                  <EntityRefLink entityRef={s.ref} title={s.title} />
                </TableCell>
                <TableCell style={NOWRAP}>{s.version ?? '-'}</TableCell>
                <TableCell>
                  <Source source={s.source} component={s.component} />
                </TableCell>
                <TableCell style={NOWRAP}>{s.model ?? 'inherit'}</TableCell>
                <TableCell>
                  {s.tools
                    ? s.tools.map(t => <Tool key={t.tool} tool={t} />)
                    : 'every tool of the session'}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Section>
      <Section title="Rules" count={rules.length}>
        <Table size="small" aria-label="Rules">
          <TableHead>
            <TableRow>
              <TableCell>Rule</TableCell>
              <TableCell>Version</TableCell>
              <TableCell>From</TableCell>
              <TableCell>Loads for</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rules.map(r => (
              <TableRow key={r.ref}>
                <TableCell>
                  <EntityRefLink entityRef={r.ref} title={r.title} />
                </TableCell>
                <TableCell style={NOWRAP}>{r.version ?? '-'}</TableCell>
                <TableCell>
                  <Source source={r.source} component={r.component} />
                </TableCell>
                <TableCell>
                  {r.paths
                    ? r.paths.map(p => <code key={p}>{p} </code>)
                    : 'every file'}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Section>
    </>
  );
}

/**
 * Skills, subagents and rules on a team's or a component's page: inherited
 * from the org or the team's own (or a repository's), version, evaluation,
 * and each subagent tool as the effective rules leave it (denied ones
 * marked, with the rule). Everything comes from the backend; nothing is
 * derived here.
 *
 * @public
 */
export function AgentAssetsCard() {
  const { entity } = useEntity();
  const api = useApi(agentPlatformApiRef);
  const ref = stringifyEntityRef(entity);
  const state = useAsync(() => api.getAgentAssets(ref), [api, ref]);
  return (
    <InfoCard
      titleTypographyProps={{ component: 'h2' }}
      title="Skills, subagents and rules"
    >
      <AsyncContent
        what="skills, subagents and rules"
        state={state}
        emptyTitle="No agent config applies here"
        emptyDescription="A team config (or the owner's) decides which skills, subagents and rules apply."
      >
        {assets => <AgentAssetsTables assets={assets} />}
      </AsyncContent>
    </InfoCard>
  );
}
