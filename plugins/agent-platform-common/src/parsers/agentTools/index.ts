export * from './types';
export * from './registry';
export * from './parseAgentTools';
// Each tool's parser is reached through AGENT_TOOL_PARSERS and parseAgentTools.
