import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { checkUserText } from '@agent-platform/plugin-agent-platform-common';
import { AgentFilesPreviewField } from '../components/AgentFilesPreviewField';
import { AgentToolsPickerField } from '../components/AgentToolsPickerField';
import { BaseReleaseField } from '../components/BaseReleaseField';
import { DescriptionField } from '../components/DescriptionField';
import { McpServerPickerField } from '../components/McpServerPickerField';
import { SkillPickerField } from '../components/SkillPickerField';
import { TeamPickerField } from '../components/TeamPickerField';

type FieldValidation = Parameters<CustomFieldValidator<unknown>>[1];

/** Refuses what the action refuses: the core check of free text. */
export function validateDescription(
  value: string | undefined,
  validation: FieldValidation,
) {
  for (const problem of checkUserText(value, { field: 'description' })) {
    validation.addError(problem.message);
  }
}

/** The preview passes (its value is true only then). */
export function validatePreview(
  value: boolean | undefined,
  validation: FieldValidation,
) {
  if (value !== true) {
    validation.addError(
      'The agent files cannot be generated as the form stands: fix the problems the preview lists',
    );
  }
}

/**
 * The agent-platform scaffolder fields, by `ui:field` name, for both
 * frontend systems.
 */
export const agentPlatformFieldDefinitions = {
  teamPicker: { name: 'AgentPlatformTeamPicker', component: TeamPickerField },
  baseRelease: {
    name: 'AgentPlatformBaseRelease',
    component: BaseReleaseField,
  },
  skillPicker: {
    name: 'AgentPlatformSkillPicker',
    component: SkillPickerField,
  },
  mcpServerPicker: {
    name: 'AgentPlatformMcpServerPicker',
    component: McpServerPickerField,
  },
  agentToolsPicker: {
    name: 'AgentPlatformAgentToolsPicker',
    component: AgentToolsPickerField,
  },
  description: {
    name: 'AgentPlatformDescription',
    component: DescriptionField,
    validation: validateDescription,
  },
  filesPreview: {
    name: 'AgentPlatformFilesPreview',
    component: AgentFilesPreviewField,
    validation: validatePreview,
  },
};
