import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import type { UnownedAsset } from '@agent-platform/plugin-agent-platform-common';
import { DataTable } from './DataTable';

/** Assets without a usable owner. */
export function UnownedAssets(props: { assets: UnownedAsset[] }) {
  if (props.assets.length === 0)
    return (
      <Typography variant="body2">
        Every asset has an owner in the catalog.
      </Typography>
    );
  return (
    <DataTable
      label="Unowned assets"
      rows={props.assets}
      rowKey={a => a.ref}
      scroll={false}
      columns={[
        {
          header: 'Asset',
          cell: a => <EntityRefLink entityRef={a.ref} />,
          sortValue: a => a.ref,
        },
        { header: 'Why', cell: a => a.reason, sortValue: a => a.reason },
      ]}
    />
  );
}
