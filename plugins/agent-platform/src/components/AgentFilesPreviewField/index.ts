export { AgentFilesPreviewField } from './AgentFilesPreviewField';
