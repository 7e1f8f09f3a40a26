import { parseEntityRef } from '@backstage/catalog-model';
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

/**
 * An entity ref as a link; text that is not an entity ref (e.g. a name
 * someone typed) stays text.
 */
export function RefOrText(props: { value: string; defaultKind?: string }) {
  try {
    parseEntityRef(props.value, { defaultKind: props.defaultKind });
  } catch {
    return <>{props.value}</>;
  }
  return (
    <EntityRefLink entityRef={props.value} defaultKind={props.defaultKind} />
  );
}
