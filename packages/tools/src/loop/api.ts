import { LoopError } from './local';

/** What the loop's API helpers need: the portal's URL and token as they are when called. */
export interface LoopApiOptions {
  url: () => string;
  token: () => string;
  /** No request outlasts a step's deadline. */
  timeoutMs: number;
  /** The scaffolded service's Component name. */
  service: string;
  /** The team's Group name. */
  team: string;
}

/** The agent-platform API as the release loop reads it, and its checks of the answers. */
export function createLoopApi(options: LoopApiOptions) {
  const api = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${options.url()}${path}`, {
      // A hung request must not outlast the step's deadline (a dry run on a loaded machine
      // has taken a minute).
      signal: AbortSignal.timeout(options.timeoutMs),
      ...init,
      headers: {
        Authorization: `Bearer ${options.token()}`,
        'Content-Type': 'application/json',
        ...init?.headers,
      },
    });
    const text = await res.text();
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: res.status, ok: res.ok, body };
  };
  const effective = () =>
    api(
      `/api/agent-platform/entities/component/default/${options.service}/effective-config`,
    );
  const teamOverview = () =>
    api(`/api/agent-platform/teams/default/${options.team}/overview`);
  const httpError = (res: { status: number; body: any }) =>
    `HTTP ${res.status}: ${String(res.body?.error?.message ?? res.body).slice(
      0,
      300,
    )}`;

  /** The portal's verdict on an effective config: it must agree with the CLI's check (no errors). */
  const verdict = (body: any, when: string) => {
    const violations: Array<{
      rule: string;
      severity: string;
      message: string;
    }> = body.violations ?? [];
    const errors = violations.filter(v => v.severity === 'error');
    if (!body.ok || errors.length) {
      throw new LoopError(
        `The portal finds errors in ${options.service} ${when}: ${
          errors.map(v => `${v.rule}: ${v.message}`).join('; ') || 'ok is false'
        }`,
      );
    }
    return violations.length
      ? `${violations.length} warnings (${[
          ...new Set(violations.map(v => v.rule)),
        ].join(', ')})`
      : 'no violations';
  };

  /** The org base's releases page: each release with its computed changes and who pins it. */
  const releaseRow = async (version: string) => {
    const res = await api(
      '/api/agent-platform/bases/default/org-base/releases',
    );
    if (!res.ok) return { waiting: httpError(res) };
    const row = (res.body.releases ?? []).find(
      (r: any) => r.version === version,
    );
    return row
      ? { row }
      : { waiting: `no release ${version} on the releases page` };
  };

  return { api, effective, teamOverview, httpError, verdict, releaseRow };
}
