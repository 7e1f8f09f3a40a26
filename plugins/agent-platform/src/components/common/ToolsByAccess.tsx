import Typography from '@material-ui/core/Typography';
import { StatusChip, Tone } from './StatusChip';

/** A tool as an MCP server entity lists it. */
export interface ToolLike {
  name: string;
  access?: string;
  data?: string[];
  description?: string;
  /** What the effective rules leave of it, when the backend checked (a team's or repo's view). */
  callable?: 'allowed' | 'ask' | 'denied' | 'partly-denied';
  /** The rule that decides `callable`, and its layer. */
  decidedBy?: { rule: string; layer: string };
}

/** One tool's name, struck through when the effective rules deny it. */
function ToolName(props: { tool: ToolLike; showData?: boolean }) {
  const { tool } = props;
  const name =
    props.showData && tool.data?.length
      ? `${tool.name} [${tool.data.join(', ')}]`
      : tool.name;
  if (!tool.callable || tool.callable === 'allowed') return <>{name}</>;
  const why = tool.decidedBy
    ? ` by ${tool.decidedBy.rule} (${tool.decidedBy.layer})`
    : '';
  if (tool.callable === 'denied') {
    return (
      <span title={`Denied${why}: agents cannot call it`}>
        <del>{name}</del> (denied)
      </span>
    );
  }
  return (
    <span title={`${tool.callable === 'ask' ? 'Asks' : 'Partly denied'}${why}`}>
      {name} ({tool.callable === 'ask' ? 'asks' : 'partly denied'})
    </span>
  );
}

const ACCESS: Array<{ access: string; label: string; tone: Tone }> = [
  { access: 'read', label: 'Read', tone: 'ok' },
  { access: 'write', label: 'Write', tone: 'warning' },
  { access: 'destructive', label: 'Destructive', tone: 'error' },
];

/** Groups tools by access class: read, write, destructive, then anything else. */
export function groupToolsByAccess(
  tools: ToolLike[],
): Array<{ access: string; tools: ToolLike[] }> {
  const known = ACCESS.map(a => a.access);
  const groups = ACCESS.map(a => ({
    access: a.access,
    tools: tools.filter(t => t.access === a.access),
  }));
  const other = tools.filter(t => !known.includes(t.access ?? ''));
  if (other.length > 0) groups.push({ access: 'unclassified', tools: other });
  return groups.filter(g => g.tools.length > 0);
}

/**
 * The tools of one server, one line per access class; on a team's or repo's
 * view, a tool the effective rules deny is struck through and marked, one
 * that asks is marked.
 */
export function ToolsByAccess(props: {
  tools: ToolLike[];
  showData?: boolean;
}) {
  const groups = groupToolsByAccess(props.tools);
  if (groups.length === 0) {
    return <Typography variant="body2">No tools declared.</Typography>;
  }
  return (
    <div>
      {groups.map(group => {
        const meta = ACCESS.find(a => a.access === group.access);
        return (
          <div key={group.access} style={{ marginBottom: 4 }}>
            <StatusChip
              label={`${meta?.label ?? 'Unclassified'} (${group.tools.length})`}
              tone={meta?.tone ?? 'neutral'}
            />
            <Typography variant="body2" component="span">
              {group.tools.map((t, i) => (
                <span key={t.name}>
                  {i > 0 && ', '}
                  <ToolName tool={t} showData={props.showData} />
                </span>
              ))}
            </Typography>
          </div>
        );
      })}
    </div>
  );
}
