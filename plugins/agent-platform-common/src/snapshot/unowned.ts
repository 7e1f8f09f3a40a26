import { ownerRefOf } from '../inheritance/platformIndex';

/**
 * Why an asset has no usable owner: none at all, or one the catalog does not
 * know (`known` answers for Group and User refs). Undefined when owned.
 *
 * @public
 */
export function unownedReason(
  entity: { metadata: { namespace?: string }; spec?: unknown },
  known: (ref: string) => boolean,
): string | undefined {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner.trim()) return 'no owner';
  const ref = ownerRefOf(
    entity as { metadata: { namespace?: string }; spec?: unknown },
  );
  if (!ref || !known(ref)) return `owner ${owner} is not in the catalog`;
  return undefined;
}
