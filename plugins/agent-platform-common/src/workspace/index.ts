export * from './checkAgentWorkspace';
export * from './renderAgentFiles';
export * from './entityDocuments';
export * from './skillPromotion';
export * from './renderAgentToolFiles';
export * from './checkAgentToolFiles';
