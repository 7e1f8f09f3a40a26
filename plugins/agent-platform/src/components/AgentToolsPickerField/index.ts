export { AgentToolsPickerField, agentToolTitle } from './AgentToolsPickerField';
