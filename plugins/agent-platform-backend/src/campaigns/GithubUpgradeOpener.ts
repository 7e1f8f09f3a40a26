import {
  BaseAgentConfigEntity,
  CampaignRepo,
  collectAgentFiles,
  McpServerEntity,
  parseCampaignRepoUrl,
  upgradeAgentFiles,
  upgradePullRequest,
} from '@agent-platform/plugin-agent-platform-common';
import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';
import { Octokit } from '@octokit/core';
import { composeCreatePullRequest } from 'octokit-plugin-create-pull-request';
import { UpgradePullRequestOpener } from './runCampaignStep';

/** What the opener needs of the catalog: the base a repository pins and the MCP servers. */
export type CampaignCatalog = (baseName: string) => Promise<{
  base?: BaseAgentConfigEntity;
  mcpServers: McpServerEntity[];
}>;

type RequestErrorLike = Error & {
  status?: number;
  request?: { method?: string; url?: string };
};

/**
 * Opens upgrade pull requests on GitHub (or GitHub Enterprise) through its
 * REST API, with the `integrations.github` entry of the repository's host:
 * its `apiBaseUrl` (https://api.github.com by default; the tests point it at
 * a local stand-in) and its token or GitHub App, as the scaffolder's
 * `publish:github:pull-request` does. Per repository:
 *
 * 1. the pull request of the upgrade branch, in any state, if there is one
 *    (a runner was killed after opening it): answered as it is, never a
 *    second one;
 * 2. the agent files of the default branch (contents API);
 * 3. the core's upgrade engine, as `agent-context upgrade` and the upgrade
 *    template run it; a repository already on the release is skipped, a
 *    refused upgrade fails with the engine's reason;
 * 4. the branch, commit and pull request, through the same
 *    octokit-plugin-create-pull-request the scaffolder uses (a branch left
 *    by a killed runner is updated, not created again).
 *
 * Every repository gets at most `timeoutMs` in all; then it fails.
 *
 * @public
 */
export class GithubUpgradeOpener implements UpgradePullRequestOpener {
  private constructor(
    private readonly integrations: ScmIntegrationRegistry,
    private readonly credentials: GithubCredentialsProvider,
    private readonly catalog: CampaignCatalog,
    private readonly timeoutMs: number,
  ) {}

  static fromConfig(
    config: Config,
    options: { catalog: CampaignCatalog; timeoutMs: number },
  ) {
    const integrations = ScmIntegrations.fromConfig(config);
    return new GithubUpgradeOpener(
      integrations,
      DefaultGithubCredentialsProvider.fromIntegrations(integrations),
      options.catalog,
      options.timeoutMs,
    );
  }

  async #client(
    repo: CampaignRepo,
    signal: AbortSignal,
    current: { request?: string },
  ) {
    const location = parseCampaignRepoUrl(repo.repoUrl);
    if (!location) {
      throw new Error(
        `${repo.repoRef} names no GitHub repository (set its github.com/project-slug annotation)`,
      );
    }
    const integration = this.integrations.github.byHost(location.host);
    if (!integration) {
      throw new Error(
        `No integrations.github entry for ${location.host} in the app config`,
      );
    }
    const { token } = await this.credentials.getCredentials({
      url: `https://${location.host}/${location.owner}/${location.repo}`,
    });
    const octokit = new Octokit({
      baseUrl: integration.config.apiBaseUrl ?? 'https://api.github.com',
      ...(token ? { auth: token } : {}),
      request: { signal },
    });
    // Names the request a timeout cut short.
    octokit.hook.before('request', options => {
      const { method, url } = octokit.request.endpoint.parse(options as any);
      current.request = `${method} ${new URL(url).pathname.replace(
        /^\/api\/v3/,
        '',
      )}`;
    });
    return { octokit, owner: location.owner, repo: location.repo };
  }

  async #guard<T>(
    repo: CampaignRepo,
    work: (signal: AbortSignal, current: { request?: string }) => Promise<T>,
  ): Promise<T> {
    const controller = new AbortController();
    const current: { request?: string } = {};
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      return await work(controller.signal, current);
    } catch (e) {
      const error = e as RequestErrorLike;
      const where = error.request?.method
        ? `${error.request.method} ${
            new URL(error.request.url ?? '', 'http://x').pathname
          }`
        : undefined;
      if (controller.signal.aborted) {
        const last = where ?? current.request;
        throw new Error(
          `GitHub did not answer within ${this.timeoutMs / 1000} s${
            last ? ` (${last})` : ''
          }`,
        );
      }
      if (where && error.status && error.status !== 500) {
        throw new Error(`${where} answered ${error.status}: ${error.message}`);
      }
      throw new Error(
        `${where ? `${where}: ` : ''}${error.message || String(e)} (${
          repo.repoRef
        })`,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  async open(
    repo: CampaignRepo,
  ): Promise<{ url: string; number: number } | { skipped: string }> {
    return this.#guard(repo, async (signal, current) => {
      const {
        octokit,
        owner,
        repo: name,
      } = await this.#client(repo, signal, current);
      const branch = `agent-platform/upgrade-${repo.base}-${repo.version}`;
      const existing = await octokit.request(
        'GET /repos/{owner}/{repo}/pulls',
        {
          owner,
          repo: name,
          head: `${owner}:${branch}`,
          state: 'all',
          per_page: 1,
        },
      );
      if (existing.data.length > 0) {
        const pr = existing.data[0];
        return { url: pr.html_url, number: pr.number };
      }
      const { data: info } = await octokit.request(
        'GET /repos/{owner}/{repo}',
        { owner, repo: name },
      );
      const ref = info.default_branch;
      const read = async (path: string) => {
        try {
          const { data } = await octokit.request(
            `GET /repos/{owner}/{repo}/contents/${path
              .split('/')
              .map(encodeURIComponent)
              .join('/')}`,
            { owner, repo: name, ref },
          );
          const file = data as { type?: string; content?: string };
          if (file.type !== 'file' || typeof file.content !== 'string') {
            return undefined;
          }
          return Buffer.from(file.content, 'base64').toString('utf8');
        } catch (e) {
          if ((e as RequestErrorLike).status === 404) return undefined;
          throw e;
        }
      };
      const files = await collectAgentFiles(read);
      const { base, mcpServers } = await this.catalog(repo.base);
      if (!base) {
        throw new Error(`${repo.base} is no longer an org base in the catalog`);
      }
      const result = await upgradeAgentFiles({
        files,
        base,
        mcpServers,
        to: repo.version,
      });
      if (!result.ok) {
        throw new Error(`Cannot upgrade: ${result.error.message}`);
      }
      if (result.upToDate) {
        return {
          skipped: `already on ${result.base}@${result.to} on ${ref}`,
        };
      }
      const pr = upgradePullRequest(result, {
        repo: repo.repoRef.slice(repo.repoRef.indexOf('/') + 1),
      });
      const created = await composeCreatePullRequest(octokit as any, {
        owner,
        repo: name,
        title: pr.title,
        body: pr.body,
        head: pr.branchName,
        base: ref,
        update: true,
        changes: [{ files: result.files, commit: pr.title }],
      });
      if (!created) {
        return { skipped: `the upgrade changes no file on ${ref}` };
      }
      return { url: created.data.html_url, number: created.data.number };
    });
  }

  async state(repo: CampaignRepo): Promise<'opened' | 'merged' | 'closed'> {
    return this.#guard(repo, async (signal, current) => {
      const {
        octokit,
        owner,
        repo: name,
      } = await this.#client(repo, signal, current);
      const { data } = await octokit.request(
        'GET /repos/{owner}/{repo}/pulls/{pull_number}',
        { owner, repo: name, pull_number: repo.prNumber ?? 0 },
      );
      if (data.merged_at || data.merged) return 'merged';
      return data.state === 'closed' ? 'closed' : 'opened';
    });
  }
}
