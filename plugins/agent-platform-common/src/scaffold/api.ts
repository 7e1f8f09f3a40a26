import type { ScaffoldAssetChoice } from './assetChoices';
import type { ScaffoldProblem } from './problems';

/**
 * `GET /api/agent-platform/scaffold/options?owner=`: what the scaffolder
 * form offers a user for one owner.
 *
 * @public
 */
export interface ScaffoldOptionsResponse {
  /** The user and the groups they belong to. */
  user: { ref?: string; groups: string[] };
  /** The teams the user may pick (every team for the platform team). */
  teams: Array<{ ref: string; title: string }>;
  /** The owner the answer is for: the one asked, else the user's first team. */
  owner?: string;
  /** `org-base@2.4.0`: what a new repository pins. */
  pin?: string;
  release?: {
    base: string;
    version: string;
    date?: string;
    notes?: string;
    security: boolean;
  };
  /** What the owner's team config adds to the base. */
  teamConfig?: {
    ref: string;
    title: string;
    skills: string[];
    mcpServers: string[];
    defaultMode?: string;
    model?: string;
    rules: { allow: string[]; ask: string[]; deny: string[] };
  };
  skills: ScaffoldAssetChoice[];
  mcpServers: ScaffoldAssetChoice[];
  /** The agent tools the owner's repositories use: the default of the tools field. */
  tools?: string[];
  /** Why the owner cannot be picked, or has nothing to scaffold from. */
  problems: ScaffoldProblem[];
}

/**
 * `POST /api/agent-platform/scaffold/preview`: the files a request would
 * generate, or its problems by field.
 *
 * @public
 */
export type ScaffoldPreviewResponse =
  | { ok: false; problems: ScaffoldProblem[] }
  | {
      ok: true;
      problems: [];
      pin: string;
      /** CLAUDE.md, AGENTS.md, .mcp.json, .claude/settings.json, and the other tools' files. */
      files: Record<string, string>;
      /** The agent tools the files are for. */
      tools: string[];
      /** Skill folders copied into `.claude/skills/`. */
      skills: string[];
      mcpServers: string[];
      variables: string[];
      warnings: string[];
    };
