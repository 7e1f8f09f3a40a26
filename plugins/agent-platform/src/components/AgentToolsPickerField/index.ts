export { AgentToolsPickerField } from './AgentToolsPickerField';
