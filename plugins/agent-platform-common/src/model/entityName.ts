/**
 * Whether `name` can be a catalog entity's `metadata.name`: 1 to 63
 * characters, letters, digits, `-`, `_` and `.`, starting and ending with a
 * letter or digit. The same rule as `KubernetesValidatorFunctions.isValidObjectName`
 * in `@backstage/catalog-model`, which the core does not depend on.
 *
 * @public
 */
export function isValidEntityName(name: unknown): name is string {
  return (
    typeof name === 'string' &&
    name.length >= 1 &&
    name.length <= 63 &&
    /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/.test(name)
  );
}

/**
 * A valid entity name made from a folder name, or undefined when nothing
 * usable is left: other characters become `-`, and leading and trailing
 * punctuation goes.
 *
 * @public
 */
export function entityNameFrom(folder: string): string | undefined {
  const name = folder
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')
    .slice(0, 63)
    .replace(/[^A-Za-z0-9]+$/g, '');
  return name.length > 0 ? name : undefined;
}

/**
 * An owner as written in a file, as an entity ref: `platform` becomes
 * `group:default/platform`; anything with a kind stays as it is.
 *
 * @public
 */
export function toOwnerRef(owner: string): string {
  return owner.includes(':') ? owner : `group:default/${owner}`;
}
