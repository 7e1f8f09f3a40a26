import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { SkillEvalResult } from '@agent-platform/plugin-agent-platform-common';

/**
 * Where the promote action reads a skill's posted evaluation results.
 *
 * @public
 */
export interface SkillEvalsSource {
  /** Every posted result of the skill (`airesource:<namespace>/<name>`), any version. */
  resultsFor(
    skillRef: string,
    credentials: BackstageCredentials,
  ): Promise<SkillEvalResult[]>;
}

/**
 * Reads evaluation results from the agent-platform backend
 * (`GET /api/agent-platform/skills/:namespace/:name/evals`), on behalf of
 * the caller.
 *
 * @public
 */
export function createSkillEvalsClient(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  fetch?: typeof fetch;
}): SkillEvalsSource {
  const doFetch = options.fetch ?? globalThis.fetch;
  return {
    async resultsFor(skillRef, credentials) {
      const match = /^airesource:([^/]+)\/(.+)$/.exec(skillRef);
      if (!match) throw new Error(`${skillRef} is not an AiResource ref`);
      const [, namespace, name] = match;
      const [base, { token }] = await Promise.all([
        options.discovery.getBaseUrl('agent-platform'),
        options.auth.getPluginRequestToken({
          onBehalfOf: credentials,
          targetPluginId: 'agent-platform',
        }),
      ]);
      const res = await doFetch(
        `${base}/skills/${encodeURIComponent(namespace)}/${encodeURIComponent(
          name,
        )}/evals`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      if (!res.ok) throw await ResponseError.fromResponse(res);
      const body = (await res.json()) as { results?: SkillEvalResult[] };
      return body.results ?? [];
    },
  };
}
