import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/frontend-plugin-api';
import { agentPlatformApiRef } from '../../api/AgentPlatformApi';
import { lastDays } from '../../lib/format';

/** Loads an entity's spend over the last `days` days (changeable). */
export function useSpend(entityRef: string, initialDays: number) {
  const api = useApi(agentPlatformApiRef);
  const [days, setDays] = useState(initialDays);
  const state = useAsync(
    () => api.getEntitySpend(entityRef, lastDays(days, new Date())),
    [api, entityRef, days],
  );
  return { days, setDays, state };
}
