import { LinkButton } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  parsePinRef,
  RepoOverview,
} from '@agent-platform/plugin-agent-platform-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/**
 * The scaffolder template that opens an upgrade pull request for one
 * repository (`templates/upgrade-agent-base`).
 *
 * @public
 */
export const UPGRADE_TEMPLATE = {
  namespace: 'default',
  name: 'upgrade-agent-base',
};

/**
 * The link that starts the upgrade template with the repository and the
 * target release filled in.
 *
 * @public
 */
export function upgradeTemplateLink(form: {
  component: string;
  repoUrl: string;
  to: string;
}): string {
  const formData = encodeURIComponent(JSON.stringify(form));
  return `/create/templates/${UPGRADE_TEMPLATE.namespace}/${UPGRADE_TEMPLATE.name}?formData=${formData}`;
}

const SLUG_HINT =
  'Add a github.com/project-slug annotation to its catalog-info.yaml to upgrade it from the portal.';

/**
 * The "Upgrade" button of a repository (Component) behind the latest
 * release: one click starts the upgrade template, which opens the pull
 * request.
 *
 * @public
 */
export function RepoUpgradeButton(props: {
  component: string;
  /** The repository in the scaffolder's `repoUrl` form; none without a GitHub slug. */
  repoUrl?: string;
  to: string;
}) {
  const repoUrl = props.repoUrl;
  if (!repoUrl) {
    return (
      <Typography variant="body2" color="textSecondary">
        {SLUG_HINT}
      </Typography>
    );
  }
  return (
    <LinkButton
      to={upgradeTemplateLink({
        component: props.component,
        repoUrl,
        to: props.to,
      })}
      variant="contained"
      color="primary"
    >
      Upgrade to {props.to}
    </LinkButton>
  );
}

/**
 * A team's repositories that pin a release below the latest, each with its
 * "Upgrade" button.
 *
 * @public
 */
export function TeamRepoUpgrades(props: {
  repos: RepoOverview[];
  latest: string;
}) {
  const behind = props.repos.filter(repo => {
    const pin = repo.pin ? parsePinRef(repo.pin) : undefined;
    return pin?.ok && pin.version !== props.latest;
  });
  if (behind.length === 0) return null;
  return (
    <Box mt={2}>
      <Typography variant="subtitle2" component="h3">
        Repositories behind {props.latest}
      </Typography>
      <table aria-label="Repositories to upgrade" style={{ width: '100%' }}>
        <tbody>
          {behind.map(repo => (
            <tr key={repo.component}>
              <td>
                <EntityRefLink entityRef={repo.component} />
              </td>
              <td>{repo.pin}</td>
              <td style={{ textAlign: 'right' }}>
                <RepoUpgradeButton
                  component={repo.component}
                  repoUrl={repo.repoUrl}
                  to={props.latest}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Box>
  );
}
