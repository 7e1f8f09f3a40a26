import {
  AGENT_CONFIG_SPEC_TYPE,
  AGENT_PLATFORM_RELATION_PAIRS,
  agentConfigSpecJsonSchema,
  JsonSchemaObject,
  MCP_SERVER_SPEC_TYPE,
  mcpServerSpecJsonSchema,
  RELATION_AGENT_CONFIG_OF,
  RELATION_DEFINED_IN,
  RULE_SPEC_TYPE,
  ruleSpecJsonSchema,
  SUBAGENT_SPEC_TYPE,
  subagentSpecJsonSchema,
  RELATION_REPLACED_BY,
  RELATION_USES_MCP_SERVER,
  RELATION_USES_SKILL,
  SKILL_SPEC_TYPE,
  skillSpecJsonSchema,
} from '@agent-platform/plugin-agent-platform-common';
import {
  CatalogModelKindRelationFieldDefinition,
  createCatalogModelLayer,
} from '@backstage/catalog-model/alpha';
import { JsonObject } from '@backstage/types';

/**
 * A spec schema as a model layer takes it: the entity's shape with the spec
 * inside. The `$schema` and `$id` of the stand-alone schema are dropped, since
 * the catalog compiles many kind schemas into one validator.
 */
function entitySchema(spec: JsonSchemaObject): { jsonSchema: JsonObject } {
  const { $schema: _schema, $id: _id, ...rest } = spec;
  return {
    jsonSchema: {
      type: 'object',
      properties: { spec: rest },
    } as JsonObject,
  };
}

// Upstream's AiResource relation fields; a version update replaces the list,
// so ours repeat them.
const ownerAndSystem: CatalogModelKindRelationFieldDefinition[] = [
  {
    selector: { path: 'spec.owner' },
    relation: 'ownedBy',
    defaultKind: 'Group',
    defaultNamespace: 'inherit',
    allowedKinds: ['Group', 'User'],
  },
  {
    selector: { path: 'spec.system' },
    relation: 'partOf',
    defaultKind: 'System',
    defaultNamespace: 'inherit',
    allowedKinds: ['System'],
  },
];

// A subagent or rule read from a repository belongs to its Component.
const definedIn: CatalogModelKindRelationFieldDefinition = {
  selector: { path: 'spec.component' },
  relation: RELATION_DEFINED_IN,
  defaultKind: 'Component',
  defaultNamespace: 'inherit',
  allowedKinds: ['Component'],
};

/**
 * The suite's additions to the catalog model:
 *
 * - `AiResource` of type `agent-config` (the org base, team and repo configs)
 *   with its schema, and relations to the skills and MCP servers it uses and to
 *   the Component it belongs to;
 * - `AiResource` of type `subagent` (Claude Code subagents), and the suite's
 *   fields on upstream's `rule` type (paths, version, scope, component);
 * - the governance fields of skills and MCP servers, validated by schema;
 * - relation pairs for all of these, so the catalog emits both directions and
 *   the graph can label them.
 *
 * The `extends` relation is emitted by `AgentPlatformEntitiesProcessor`, since
 * `spec.extends` holds a pin (`org-base@2.4.0`), not an entity reference.
 *
 * @alpha
 */
export const agentPlatformModelLayer = createCatalogModelLayer({
  layerId: 'agent-platform.io/agent-platform',
  builder: model => {
    model.addKindVersion({
      kind: 'AiResource',
      versions: [
        {
          name: 'v1alpha1',
          specType: AGENT_CONFIG_SPEC_TYPE,
          description:
            'An agent config: the org base with its releases, or a team or repo config that extends it.',
          relationFields: [
            ...ownerAndSystem,
            {
              selector: { path: 'spec.skills' },
              relation: RELATION_USES_SKILL,
              defaultKind: 'AiResource',
              defaultNamespace: 'inherit',
              allowedKinds: ['AiResource'],
            },
            {
              selector: { path: 'spec.mcpServers' },
              relation: RELATION_USES_MCP_SERVER,
              defaultKind: 'API',
              defaultNamespace: 'inherit',
              allowedKinds: ['API'],
            },
            {
              selector: { path: 'spec.component' },
              relation: RELATION_AGENT_CONFIG_OF,
              defaultKind: 'Component',
              defaultNamespace: 'inherit',
              allowedKinds: ['Component'],
            },
          ],
          schema: entitySchema(agentConfigSpecJsonSchema),
        },
      ],
    });

    model.updateKind({
      names: { kind: 'AiResource' },
      versions: [
        {
          name: 'v1alpha1',
          specType: SKILL_SPEC_TYPE,
          relationFields: [
            ...ownerAndSystem,
            {
              selector: { path: 'spec.dependsOn' },
              relation: 'dependsOn',
              defaultKind: 'AiResource',
              defaultNamespace: 'inherit',
              allowedKinds: ['AiResource'],
            },
            {
              selector: { path: 'spec.replacedBy' },
              relation: RELATION_REPLACED_BY,
              defaultKind: 'AiResource',
              defaultNamespace: 'inherit',
              allowedKinds: ['AiResource'],
            },
          ],
          schema: entitySchema(skillSpecJsonSchema),
        },
      ],
    });

    // Subagents: not in upstream's AI model (skill, rule, plugin, marketplace).
    model.addKindVersion({
      kind: 'AiResource',
      versions: [
        {
          name: 'v1alpha1',
          specType: SUBAGENT_SPEC_TYPE,
          description:
            'A Claude Code subagent (.claude/agents/<name>.md): its tools, model and the skills it preloads.',
          relationFields: [
            ...ownerAndSystem,
            {
              selector: { path: 'spec.skills' },
              relation: RELATION_USES_SKILL,
              defaultKind: 'AiResource',
              defaultNamespace: 'inherit',
              allowedKinds: ['AiResource'],
            },
            definedIn,
          ],
          schema: entitySchema(subagentSpecJsonSchema),
        },
      ],
    });

    // Rules: upstream's type, with the suite's paths, version, scope and component.
    model.updateKind({
      names: { kind: 'AiResource' },
      versions: [
        {
          name: 'v1alpha1',
          specType: RULE_SPEC_TYPE,
          relationFields: [...ownerAndSystem, definedIn],
          schema: entitySchema(ruleSpecJsonSchema),
        },
      ],
    });

    // Plugins: upstream's type (its skills are parts of it), with the suite's
    // `spec.subagents` (parts too) and `spec.base`: the plugin of a base release is part of that base.
    model.updateKind({
      names: { kind: 'AiResource' },
      versions: [
        {
          name: 'v1alpha1',
          specType: 'plugin',
          relationFields: [
            ...ownerAndSystem,
            {
              selector: { path: 'spec.skills' },
              relation: 'hasPart',
              defaultKind: 'AiResource',
              defaultNamespace: 'inherit',
              allowedKinds: ['AiResource'],
            },
            {
              selector: { path: 'spec.subagents' },
              relation: 'hasPart',
              defaultKind: 'AiResource',
              defaultNamespace: 'inherit',
              allowedKinds: ['AiResource'],
            },
            {
              selector: { path: 'spec.base' },
              relation: 'partOf',
              defaultKind: 'AiResource',
              defaultNamespace: 'inherit',
              allowedKinds: ['AiResource'],
            },
          ],
        },
      ],
    });

    model.updateKind({
      names: { kind: 'API' },
      versions: [
        {
          name: ['v1alpha1', 'v1beta1'],
          specType: MCP_SERVER_SPEC_TYPE,
          schema: entitySchema(mcpServerSpecJsonSchema),
        },
      ],
    });

    for (const pair of AGENT_PLATFORM_RELATION_PAIRS) {
      model.addRelationPair({
        fromKind: pair.fromKind,
        toKind: pair.toKind,
        description: pair.description,
        forward: { type: pair.type, title: pair.title },
        reverse: { type: pair.reverse, title: pair.reverseTitle },
      });
    }
  },
});
