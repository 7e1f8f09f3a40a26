import type {
  ExceptedViolation,
  FederationViolation,
} from '@agent-platform/plugin-agent-platform-common';
import Typography from '@material-ui/core/Typography';
import { StatusChip } from './StatusChip';
import { bySeverity } from '../../lib/compare';

const LIST = { listStyle: 'none', margin: 0, padding: 0 };
const ITEM = { padding: '4px 0', overflowWrap: 'anywhere' as const };

/** Days from `now` to the end of `until` (a `YYYY-MM-DD` day, UTC). */
export function daysUntil(until: string, now: Date): number {
  const end = Date.parse(`${until}T23:59:59.999Z`);
  if (Number.isNaN(end)) return NaN;
  return Math.floor((end - now.getTime()) / 86_400_000);
}

/** Violations (errors first) and the exceptions that hold, with expiry. */
export function Violations(props: {
  violations: FederationViolation[];
  excepted: ExceptedViolation[];
  now?: Date;
}) {
  const now = props.now ?? new Date();
  const violations = [...props.violations].sort(bySeverity);
  return (
    <>
      <Typography variant="subtitle2" component="h3">
        Violations ({violations.length})
      </Typography>
      {violations.length === 0 ? (
        <Typography variant="body2">No violations.</Typography>
      ) : (
        <ul aria-label="Violations" style={LIST}>
          {violations.map((v, i) => (
            <li key={`${v.rule}-${v.item}-${i}`} style={ITEM}>
              <Typography variant="body2" component="div">
                <>
                  <StatusChip
                    label={v.severity === 'error' ? 'Error' : 'Warning'}
                    tone={v.severity === 'error' ? 'error' : 'warning'}
                  />
                  <strong>{v.rule}</strong> in {v.layer}: <code>{v.item}</code>
                </>
              </Typography>
              <Typography variant="body2" color="textSecondary" component="div">
                {v.message}
              </Typography>
            </li>
          ))}
        </ul>
      )}
      {props.excepted.length > 0 && (
        <>
          <Typography variant="subtitle2" component="h3">
            Exceptions ({props.excepted.length})
          </Typography>
          <ul aria-label="Exceptions" style={LIST}>
            {props.excepted.map((e, i) => {
              const days = daysUntil(e.exception.until, now);
              const soon = days <= 14;
              return (
                <li key={`${e.rule}-${e.item}-${i}`} style={ITEM}>
                  <Typography variant="body2" component="div">
                    <>
                      <StatusChip
                        label={`Expires ${e.exception.until}${
                          Number.isFinite(days)
                            ? ` (in ${days} ${days === 1 ? 'day' : 'days'})`
                            : ''
                        }`}
                        tone={soon ? 'warning' : 'info'}
                      />
                      <strong>{e.rule}</strong>: <code>{e.item}</code>
                    </>
                  </Typography>
                  <Typography
                    variant="body2"
                    color="textSecondary"
                    component="div"
                  >{`${e.exception.reason} Approved by ${e.exception.approvedBy} (${e.exception.layer}).`}</Typography>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </>
  );
}
