import type { AssetUsage } from '@agent-platform/plugin-agent-platform-common';
import { AsyncContent, LoadState } from './AsyncContent';
import { LabeledRow } from './LabeledRow';
import { RefList } from './RefList';

/**
 * Who uses an asset (a skill or an MCP server), as the backend's snapshot
 * answers for every page: teams whose own config lists it, teams that get it
 * from their base release, and repositories whose repo config lists it.
 */
export function AssetUsageRows(props: {
  /** What is loading, for the loading and error states. */
  what: string;
  emptyTitle: string;
  state: LoadState<AssetUsage>;
  valueComponent?: 'span' | 'div';
}) {
  const { valueComponent } = props;
  return (
    <AsyncContent
      what={props.what}
      state={props.state}
      emptyTitle={props.emptyTitle}
      isEmpty={(u: AssetUsage) =>
        u.teams.length + u.repos.length + u.viaBase.length === 0
      }
    >
      {u => (
        <>
          <LabeledRow label="Teams" valueComponent={valueComponent}>
            <RefList refs={u.teams} />
          </LabeledRow>
          {u.viaBase.length > 0 && (
            <LabeledRow label="Through base" valueComponent={valueComponent}>
              <RefList refs={u.viaBase} /> (from their base release)
            </LabeledRow>
          )}
          <LabeledRow label="Repositories" valueComponent={valueComponent}>
            <RefList refs={u.repos} />
          </LabeledRow>
        </>
      )}
    </AsyncContent>
  );
}
