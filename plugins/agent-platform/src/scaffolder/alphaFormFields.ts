import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { agentPlatformFieldDefinitions as defs } from './formFields';

// The fields for the new frontend system, loaded lazily by FormFieldBlueprint.

/** @alpha */
export const teamPickerFormField = createFormField(defs.teamPicker as any);
/** @alpha */
export const baseReleaseFormField = createFormField(defs.baseRelease as any);
/** @alpha */
export const skillPickerFormField = createFormField(defs.skillPicker as any);
/** @alpha */
export const mcpServerPickerFormField = createFormField(
  defs.mcpServerPicker as any,
);
/** @alpha */
export const agentToolsPickerFormField = createFormField(
  defs.agentToolsPicker as any,
);
/** @alpha */
export const descriptionFormField = createFormField(defs.description as any);
/** @alpha */
export const filesPreviewFormField = createFormField(defs.filesPreview as any);
