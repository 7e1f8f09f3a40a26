/**
 * Prefix of every annotation the suite defines.
 *
 * @public
 */
export const AGENT_PLATFORM_ANNOTATION_PREFIX = 'agent-platform.io/' as const;

/**
 * Annotation on a Component naming its agent config explicitly, as an entity ref,
 * e.g. `airesource:default/payments-agent-config`. Without it, the Component
 * inherits its owner team's config.
 *
 * @public
 */
export const ANNOTATION_AGENT_CONFIG =
  'agent-platform.io/agent-config' as const;

/**
 * Annotation set by the suite's entity provider on entities it read from files:
 * the problems found in those files, as a JSON array of `ParseIssue`s. The
 * catalog module turns the errors into processing errors on the entity; the
 * warnings stay here for the portal to show.
 *
 * @public
 */
export const ANNOTATION_SOURCE_ISSUES =
  'agent-platform.io/source-issues' as const;

/**
 * Annotation on a skill carrying its Agent Skills `name` whole. A catalog
 * entity name has at most 63 characters and the spec allows 64, so a 64
 * character skill is cataloged under a shortened entity name while this
 * annotation (and the published skills index) keeps its real name.
 *
 * @public
 */
export const ANNOTATION_SKILL_NAME = 'agent-platform.io/skill-name' as const;
