// The catalog lowers refs in the en-US locale, which has no special casing of
// its own: toLowerCase gives the same result for every code point (checked
// over all of Unicode) and is cheaper (overviews normalize 100,000s of refs).
const lowerCase = (text: string) => text.toLowerCase();

/**
 * The three parts of an entity ref, normalized to lower case.
 *
 * @public
 */
export interface EntityRefParts {
  /** Kind, lower case, e.g. `airesource`. */
  kind: string;
  /** Namespace, lower case; `default` when the ref has none. */
  namespace: string;
  /** Name, lower case. */
  name: string;
}

/**
 * Parses an entity ref such as `airesource:default/code-review`, `api:github`
 * or `code-review`, filling in `defaultKind` and the `default` namespace.
 * Entity refs compare case-insensitively, so the parts are lower-cased.
 * Returns `undefined` for text that is not a ref (empty, or no kind and no default kind).
 *
 * @public
 */
export function parseEntityRefLoose(
  ref: string,
  defaultKind?: string,
): EntityRefParts | undefined {
  const text = ref.trim();
  if (!text) {
    return undefined;
  }
  const match = /^(?:([^:/\s]+):)?(?:([^:/\s]+)\/)?([^:/\s]+)$/.exec(text);
  if (!match) {
    return undefined;
  }
  const kind = match[1] ?? defaultKind;
  if (!kind) {
    return undefined;
  }
  return {
    kind: lowerCase(kind),
    namespace: lowerCase(match[2] ?? 'default'),
    name: lowerCase(match[3]),
  };
}

/**
 * Normalizes an entity ref to `kind:namespace/name` in lower case, or returns
 * `undefined` when it cannot be parsed.
 *
 * @public
 */
export function normalizeEntityRef(
  ref: string,
  defaultKind?: string,
): string | undefined {
  const parts = parseEntityRefLoose(ref, defaultKind);
  return parts ? `${parts.kind}:${parts.namespace}/${parts.name}` : undefined;
}

/**
 * The normalized ref (`kind:namespace/name`, lower case) of an entity.
 *
 * @public
 */
export function entityRefOf(entity: {
  kind: string;
  metadata: { name: string; namespace?: string };
}): string {
  return lowerCase(
    `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${
      entity.metadata.name
    }`,
  );
}
