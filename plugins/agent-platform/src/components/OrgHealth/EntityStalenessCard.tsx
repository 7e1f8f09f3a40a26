import { useEntityRef } from '../../lib/useEntityRef';
import { StalenessCard } from './StalenessCard';

/**
 * The stale agent files of the team whose page this is: its repositories
 * whose files have not changed while the base moved on, and whether the team
 * missed a security release since its config was last reviewed.
 *
 * @public
 */
export function EntityStalenessCard() {
  return <StalenessCard team={useEntityRef()} />;
}
