import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { ScaffoldClient } from './ScaffoldClient';

/** A {@link ScaffoldClient} over the app's discovery and fetch APIs. */
export function useScaffoldClient(): ScaffoldClient {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  return useMemo(
    () => new ScaffoldClient({ discoveryApi, fetchApi }),
    [discoveryApi, fetchApi],
  );
}

/** What the form offers for an owner (the user's first team when unset). */
export function useScaffoldOptions(owner?: string) {
  const client = useScaffoldClient();
  return useAsync(() => client.getOptions(owner), [client, owner]);
}

/** The whole form's values, as the scaffolder passes them to a field. */
export function formDataOf(props: {
  formContext?: { formData?: Record<string, unknown> };
}): Record<string, any> {
  return (props.formContext?.formData ?? {}) as Record<string, any>;
}
