import { claudeCodeParser } from './claudeCode';
import { codexParser } from './codex';
import { copilotParser } from './copilot';
import { cursorParser } from './cursor';
import { geminiParser } from './gemini';
import type { AgentToolParser } from './types';

/**
 * Every agent tool the suite reads, one parser each. To add a tool, write its
 * {@link AgentToolParser} with tests beside it and add one line here.
 *
 * @public
 */
export const AGENT_TOOL_PARSERS: readonly AgentToolParser[] = [
  claudeCodeParser,
  cursorParser,
  codexParser,
  copilotParser,
  geminiParser,
];
