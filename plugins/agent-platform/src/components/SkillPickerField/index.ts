export { SkillPickerField } from './SkillPickerField';
