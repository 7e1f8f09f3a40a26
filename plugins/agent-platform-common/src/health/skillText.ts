import { splitFrontmatter } from '../parsers/frontmatter';

/** The most text of one skill that is compared; the rest is cut off. */
export const MAX_SKILL_TEXT_CHARS = 200_000;

/**
 * The comparable text of a skill folder: its SKILL.md body (without the
 * frontmatter) and its other text files, or why there is none.
 *
 * @public
 */
export type SkillTextResult =
  | { text: string; truncated: boolean }
  | { skipped: 'binary' | 'no-skill-md' };

function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let odd = 0;
  for (const b of sample) {
    if (b === 0) return true;
    // Control characters other than tab, newline, carriage return, form feed.
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) odd++;
  }
  return sample.length > 0 && odd / sample.length > 0.1;
}

/**
 * Extracts the text a skill is compared by from its folder's files
 * (folder-relative path to bytes): the body of `SKILL.md`, then the other
 * files that are text (`.md`, `.txt`, scripts), sorted by path, at most
 * {@link MAX_SKILL_TEXT_CHARS} characters in all (`truncated` says so). A
 * missing or binary `SKILL.md` is skipped with the reason; binary files
 * beside it are left out. An empty body gives an empty text.
 *
 * @public
 */
export function skillTextOf(
  files: ReadonlyMap<string, Uint8Array>,
): SkillTextResult {
  const skillMd = files.get('SKILL.md');
  if (!skillMd) return { skipped: 'no-skill-md' };
  if (looksBinary(skillMd)) return { skipped: 'binary' };
  const decoder = new TextDecoder('utf-8');
  const parts: string[] = [];
  let size = 0;
  let truncated = false;
  const add = (text: string) => {
    if (size >= MAX_SKILL_TEXT_CHARS) {
      truncated = true;
      return;
    }
    const room = MAX_SKILL_TEXT_CHARS - size;
    if (text.length > room) truncated = true;
    const kept = text.slice(0, room);
    parts.push(kept);
    size += kept.length;
  };
  add(splitFrontmatter(decoder.decode(skillMd.subarray(0, MAX_SKILL_TEXT_CHARS * 4))).body);
  for (const path of [...files.keys()].sort()) {
    if (path === 'SKILL.md') continue;
    if (!/\.(md|txt|py|sh|ts|js|ya?ml|json)$/i.test(path)) continue;
    const bytes = files.get(path)!;
    if (looksBinary(bytes)) continue;
    add(`\n${decoder.decode(bytes.subarray(0, MAX_SKILL_TEXT_CHARS * 4))}`);
  }
  return { text: parts.join(''), truncated };
}
