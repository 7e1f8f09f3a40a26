import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';

/** Entity refs as comma-separated links, or `none` text. */
export function RefList(props: { refs: string[]; none?: string }) {
  if (props.refs.length === 0) {
    return (
      <Typography variant="body2" component="span" color="textSecondary">
        {props.none ?? 'none'}
      </Typography>
    );
  }
  return (
    <span>
      {props.refs.map((ref, i) => (
        <span key={ref}>
          {i > 0 && ', '}
          <EntityRefLink entityRef={ref} />
        </span>
      ))}
    </span>
  );
}
