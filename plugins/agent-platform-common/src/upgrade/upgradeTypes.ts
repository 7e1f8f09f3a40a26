import type {
  AgentConfigEntity,
  BaseAgentConfigEntity,
  McpServerEntity,
  SkillEntity,
} from '../model';
import type { ReleaseDiff } from './releaseDiff';

/**
 * Input of {@link upgradeAgentFiles}.
 *
 * @public
 */
export interface UpgradeInput {
  /**
   * The repository's agent files by repo-relative path: `CLAUDE.md`,
   * `.claude/CLAUDE.md`, `AGENTS.md` and the files they import, `.mcp.json`,
   * `.claude/settings.json`. Missing files are simply absent.
   */
  files: Record<string, string>;
  /** The org base the repository pins, as the catalog stores it. */
  base: BaseAgentConfigEntity;
  /** The target version; default: the latest release that is not withdrawn. */
  to?: string;
  /**
   * The release the files were rendered from, when the pin was already moved
   * by another tool (Renovate bumps the pin line, then runs the upgrade as a
   * post-upgrade task); default: the pinned version.
   */
  from?: string;
  /** Allow a downgrade, a withdrawn target, or a pin the base does not know. */
  force?: boolean;
  /**
   * The catalog's MCP servers: needed to write the `.mcp.json` entry of a
   * server the target release adds, and (with `check`) to judge the result.
   */
  mcpServers?: McpServerEntity[];
  /**
   * When given, the files are checked before and after with
   * {@link checkAgentWorkspace}; every new violation is reported as a conflict.
   */
  check?: {
    team?: AgentConfigEntity;
    skills: SkillEntity[];
    now: Date;
    repoName?: string;
  };
}

/**
 * Something of the repository's own that the target release forbids. The
 * engine keeps it as it is and reports it.
 *
 * @public
 */
export interface UpgradeConflict {
  /** Where the repository states it. */
  file: string;
  line?: number;
  /** The repository's rule or server. */
  item: string;
  /** What the release states against it, e.g. a deny rule. */
  conflictsWith?: string;
  /** e.g. `deny-covered`, `ask-loosened`, `mcp-server-denied`, or a check rule. */
  rule: string;
  message: string;
}

/**
 * Why an upgrade was refused. No files are returned with it.
 *
 * @public
 */
export type UpgradeErrorCode =
  | 'no-context-file'
  | 'pin-missing'
  | 'pin-invalid'
  | 'pin-conflict'
  | 'base-mismatch'
  | 'base-no-releases'
  | 'pin-unknown'
  | 'release-unknown'
  | 'release-withdrawn'
  | 'downgrade'
  | 'file-unparsable'
  | 'mcp-server-unknown';

/**
 * A refused upgrade.
 *
 * @public
 */
export interface UpgradeFailure {
  ok: false;
  error: { code: UpgradeErrorCode; message: string; file?: string };
}

/**
 * A successful upgrade: the files it changed and what it did.
 *
 * @public
 */
export interface UpgradeSuccess {
  ok: true;
  base: string;
  from: string;
  to: string;
  /** True when the pin already names the target: nothing to do. */
  upToDate: boolean;
  /** The new text of every file that changed, by path. Unchanged files are left out. */
  files: Record<string, string>;
  /** What the engine did, one line per change, for people. */
  changes: string[];
  /** The repository's own items the target forbids, kept and reported. */
  conflicts: UpgradeConflict[];
  /** What changed between the two releases. */
  diff: ReleaseDiff;
  /** Notes that did not stop the upgrade (e.g. a forced downgrade). */
  warnings: string[];
}

/**
 * The result of {@link upgradeAgentFiles}.
 *
 * @public
 */
export type UpgradeResult = UpgradeSuccess | UpgradeFailure;
