import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The platform overview page (new frontend system). */
export const rootRouteRef = createRouteRef();

/** The My spend page (new frontend system). */
export const mySpendRouteRef = createRouteRef();
