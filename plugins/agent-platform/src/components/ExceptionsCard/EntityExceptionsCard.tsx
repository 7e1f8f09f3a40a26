import { useEntityRef } from '../../lib/useEntityRef';
import { ExceptionsCard } from './ExceptionsCard';

/** {@link ExceptionsCard} for the team of the current Group page. */
export function EntityExceptionsCard() {
  return <ExceptionsCard team={useEntityRef()} />;
}
