import useAsync from 'react-use/esm/useAsync';
import { InfoCard, MarkdownContent } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { agentPlatformApiRef } from '../../api/AgentPlatformApi';
import { AsyncContent } from '../common/AsyncContent';

const TITLES: Record<string, string> = {
  skill: 'SKILL.md',
  subagent: 'Subagent prompt',
  rule: 'Rule',
};

/**
 * The text of a skill (its SKILL.md), a subagent (its system prompt) or a
 * rule, rendered as Markdown, with its frontmatter as written and where it
 * was read from.
 *
 * @public
 */
export function AssetDocumentCard() {
  const { entity } = useEntity();
  const api = useApi(agentPlatformApiRef);
  const ref = stringifyEntityRef(entity);
  const state = useAsync(() => api.getAssetDocument(ref), [api, ref]);
  const type = String(entity.spec?.type ?? '');
  return (
    <InfoCard
      titleTypographyProps={{ component: 'h2' }}
      title={TITLES[type] ?? 'Document'}
    >
      <AsyncContent
        what="the document"
        state={state}
        emptyTitle="No file found for this entity"
      >
        {doc => (
          <>
            <Typography variant="body2" color="textSecondary">
              Read from <code>{doc.source.replace(/^(file|url):/, '')}</code>
            </Typography>
            {doc.frontmatter !== undefined && (
              <Box my={1}>
                <Box
                  component="pre"
                  aria-label="Frontmatter"
                  p={1}
                  bgcolor="action.hover"
                  style={{ overflowX: 'auto', fontSize: '0.85em' }}
                >
                  {doc.frontmatter.trimEnd()}
                </Box>
              </Box>
            )}
            <MarkdownContent content={doc.body} />
          </>
        )}
      </AsyncContent>
    </InfoCard>
  );
}
