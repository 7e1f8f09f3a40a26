import { ReactNode } from 'react';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { isNotFound, isPermissionDenied, messageOf } from '../../lib/errors';

/** The state of one asynchronous load, as `react-use`'s `useAsync` returns it. */
export interface LoadState<T> {
  loading: boolean;
  error?: Error;
  value?: T;
}

/**
 * Renders the four states every card shares: loading, permission denied
 * (403), nothing applies (404, or `isEmpty`), error; else `children`.
 */
export function AsyncContent<T>(props: {
  /** What is loading, for screen readers: "base version". */
  what: string;
  state: LoadState<T>;
  /** Shown when the backend answers 404 or `isEmpty` holds. */
  emptyTitle: string;
  emptyDescription?: string | JSX.Element;
  isEmpty?: (value: T) => boolean;
  children: (value: T) => ReactNode;
}) {
  const { what, state, emptyTitle, emptyDescription, isEmpty, children } =
    props;
  if (state.loading) {
    return (
      <div role="status" aria-label={`Loading ${what}`}>
        <Progress />
      </div>
    );
  }
  if (state.error) {
    if (isPermissionDenied(state.error)) {
      return (
        <EmptyState
          missing="info"
          title="Permission denied"
          description={`You do not have access to the ${what}. ${messageOf(
            state.error,
          )}`}
        />
      );
    }
    if (isNotFound(state.error)) {
      return (
        <EmptyState
          missing="info"
          title={emptyTitle}
          description={messageOf(state.error)}
        />
      );
    }
    return (
      <ResponseErrorPanel
        error={state.error}
        title={`Could not load the ${what}`}
      />
    );
  }
  if (state.value === undefined || (isEmpty && isEmpty(state.value))) {
    return (
      <EmptyState
        missing="data"
        title={emptyTitle}
        description={emptyDescription}
      />
    );
  }
  return <>{children(state.value)}</>;
}
