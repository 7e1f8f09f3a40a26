import { PermissionMode } from '../model/values';

/**
 * Claude Code permission modes, strictest first. A team or repo layer may
 * move to a mode earlier in this list than the layer above it, never later.
 *
 * @remarks
 * The order follows what each mode lets run without a person approving it
 * (Claude Code docs, "permission modes"):
 *
 * 1. `plan`: reads only; nothing is executed or edited.
 * 2. `dontAsk`: only tools pre-approved by allow rules run; everything else,
 *    including ask rules, is refused, since the mode never prompts.
 * 3. `default`: reads run; anything else asks.
 * 4. `acceptEdits`: reads and file edits (and common filesystem commands) run
 *    without asking.
 * 5. `auto`: everything runs, gated by a background classifier.
 * 6. `bypassPermissions`: everything runs; never allowed in a team or repo layer.
 *
 * This puts `dontAsk` on the strict side, next to `plan`, rather than beside
 * `auto`: it removes the prompt by refusing, not by approving.
 *
 * @public
 */
export const PERMISSION_MODE_STRICTNESS: readonly PermissionMode[] = [
  'plan',
  'dontAsk',
  'default',
  'acceptEdits',
  'auto',
  'bypassPermissions',
];

/**
 * Position of a mode in {@link PERMISSION_MODE_STRICTNESS}: 0 is the
 * strictest. Unknown modes rank as `undefined`.
 *
 * @public
 */
export function permissionModeRank(mode: string): number | undefined {
  const index = PERMISSION_MODE_STRICTNESS.indexOf(mode as PermissionMode);
  return index === -1 ? undefined : index;
}

/**
 * True when `mode` lets more run without approval than `than`.
 * False when either mode is unknown.
 *
 * @public
 */
export function isLooserPermissionMode(mode: string, than: string): boolean {
  const a = permissionModeRank(mode);
  const b = permissionModeRank(than);
  return a !== undefined && b !== undefined && a > b;
}
