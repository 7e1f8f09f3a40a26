import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';

/** The normalized ref of the entity of the current entity page. */
export function useEntityRef(): string {
  const { entity } = useEntity();
  return stringifyEntityRef(entity).toLocaleLowerCase('en-US');
}
