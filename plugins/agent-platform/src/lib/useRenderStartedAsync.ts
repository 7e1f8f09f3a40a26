import { DependencyList, useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';

/**
 * `useAsync` with the request started while the component renders, not after it commits.
 *
 * Entity cards are lazy (`EntityCardBlueprint`'s loader), and React 18 holds back the reveal of a
 * Suspense boundary's content for up to 500 ms after a fallback was shown, so that nearby
 * boundaries appear together. An effect, and so `useAsync`'s request, runs only after that
 * reveal; started in render, the request overlaps it instead. `fn` must be a read, safe to call
 * again: when `deps` change, and when React discards a render it never committed (the memo goes
 * with it), it runs once more; the client shares a request still in flight. A rejection is
 * reported through the returned state.
 */
export function useRenderStartedAsync<T>(
  fn: () => Promise<T>,
  deps: DependencyList,
) {
  const request = useMemo(() => {
    const promise = fn();
    // Handled by useAsync once it runs; until then, no unhandled rejection.
    promise.catch(() => undefined);
    return promise;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return useAsync(() => request, [request]);
}
