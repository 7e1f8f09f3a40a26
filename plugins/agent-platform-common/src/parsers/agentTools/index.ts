export * from './types';
export * from './registry';
export * from './parseAgentTools';
export { claudeCodeParser } from './claudeCode';
export { cursorParser } from './cursor';
export { codexParser, parseCodexConfig, tomlKeyLines } from './codex';
export { copilotParser } from './copilot';
export { geminiParser } from './gemini';
