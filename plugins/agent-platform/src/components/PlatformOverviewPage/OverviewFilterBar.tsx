import { parseEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import type { PlatformOverview } from '@agent-platform/plugin-agent-platform-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { FILTER_KEYS, OverviewFilters } from '../../lib/overviewFilters';

type Key = (typeof FILTER_KEYS)[number];

const LABELS: Record<Key, string> = {
  team: 'Team',
  severity: 'Severity',
  release: 'Release',
  drift: 'Drift',
  owner: 'Owner',
};

const refLabel = (ref: string) => {
  try {
    return humanizeEntityRef(parseEntityRef(ref), { defaultKind: 'group' });
  } catch {
    return ref;
  }
};

/** The choices of each filter, from the overview the backend sent. */
export function filterOptions(
  overview: PlatformOverview,
): Record<Key, Array<{ value: string; label: string }>> {
  const owners = new Set<string>();
  for (const s of overview.skills) if (s.owner) owners.add(s.owner);
  for (const s of overview.deprecated.skills) if (s.owner) owners.add(s.owner);
  for (const s of overview.deprecated.mcpServers)
    if (s.owner) owners.add(s.owner);
  const refs = (list: Iterable<string>) =>
    [...new Set(list)].sort().map(value => ({ value, label: refLabel(value) }));
  return {
    team: refs(overview.teams.map(t => t.team)),
    severity: [
      { value: 'error', label: 'Errors' },
      { value: 'warning', label: 'Warnings' },
    ],
    release: overview.releases.map(r => ({
      value: r.version,
      label: r.version,
    })),
    drift: [
      { value: 'behind', label: 'Behind the latest release' },
      { value: 'security', label: 'Missing a security release' },
    ],
    owner: refs(owners),
  };
}

/**
 * The overview's filters: one select per filter and "Clear filters". The
 * caller keeps them (in the URL query string).
 */
export function OverviewFilterBar(props: {
  overview: PlatformOverview;
  filters: OverviewFilters;
  onChange: (filters: OverviewFilters) => void;
}) {
  const options = filterOptions(props.overview);
  const { filters, onChange } = props;
  const any = FILTER_KEYS.some(k => filters[k]);
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      style={{ gap: 12 }}
      role="group"
      aria-label="Filters"
    >
      {FILTER_KEYS.map(key => {
        const value = filters[key] ?? '';
        const choices = options[key];
        // A value from a shared link that this overview does not list stays selectable.
        const listed =
          !value || choices.some(c => c.value === value)
            ? choices
            : [...choices, { value, label: refLabel(value) }];
        return (
          <TextField
            key={key}
            id={`ap-filter-${key}`}
            select
            size="small"
            variant="outlined"
            label={LABELS[key]}
            value={value}
            style={{ minWidth: 160 }}
            onChange={e =>
              onChange({ ...filters, [key]: e.target.value || undefined })
            }
          >
            <MenuItem value="">
              <em>Any</em>
            </MenuItem>
            {listed.map(c => (
              <MenuItem key={c.value} value={c.value}>
                {c.label}
              </MenuItem>
            ))}
          </TextField>
        );
      })}
      {any && (
        <Button size="small" onClick={() => onChange({})}>
          Clear filters
        </Button>
      )}
    </Box>
  );
}
