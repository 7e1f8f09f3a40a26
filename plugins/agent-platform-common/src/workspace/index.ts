export * from './checkAgentWorkspace';
export * from './renderAgentFiles';
export * from './entityDocuments';
