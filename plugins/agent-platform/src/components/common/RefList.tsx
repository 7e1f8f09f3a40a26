import type { ReactNode } from 'react';
import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';

const VISUALLY_HIDDEN = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

/** Entity refs as comma-separated links, or `none` text. */
export function RefList(props: { refs: string[]; none?: string }) {
  if (props.refs.length === 0) {
    return (
      <Typography variant="body2" component="span" color="textSecondary">
        {props.none ?? 'none'}
      </Typography>
    );
  }
  // One ref a line: in narrow table cells a run of links wrapped with the
  // commas on lines of their own. The commas stay for screen readers and
  // copied text, out of sight.
  const last = props.refs.length - 1;
  return (
    <span>
      {props.refs.map((ref, i) => (
        <span key={ref} style={{ display: 'block' }}>
          <EntityRefLink entityRef={ref} />
          {i < last && <span style={VISUALLY_HIDDEN}>, </span>}
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

// `kind:namespace/name` inside text; a trailing dot ends a sentence, not the name.
const REF_IN_TEXT =
  /\b(?:user|group|component|api|resource|system|domain|airesource|template):[a-z0-9][\w.-]*\/[\w.-]*[\w-]/gi;

/**
 * Text (e.g. a violation's message) with every entity ref in it rendered as
 * a link to the entity, so that nobody reads `user:default/x`.
 */
export function TextWithRefs(props: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of props.text.matchAll(REF_IN_TEXT)) {
    const at = match.index ?? 0;
    parts.push(props.text.slice(last, at));
    parts.push(<EntityRefLink key={at} entityRef={match[0]} />);
    last = at + match[0].length;
  }
  parts.push(props.text.slice(last));
  return <>{parts}</>;
}
