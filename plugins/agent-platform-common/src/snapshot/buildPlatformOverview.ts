import type { PlatformIndex } from '../inheritance/platformIndex';
import { PlatformSnapshot } from './PlatformSnapshot';
import type { PlatformOverview } from './types';

/**
 * The platform overview of an indexed catalog, built in one go (a snapshot
 * that is not kept). Never throws.
 *
 * @public
 */
export function buildPlatformOverview(
  index: PlatformIndex,
  now: Date,
): PlatformOverview {
  return PlatformSnapshot.build(index.catalog, now).overview;
}
