import { ScaffoldProblem } from './problems';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Checks a repository-relative folder that a scaffolder action writes into
 * (a registry path, a target path): POSIX, inside the repository, and no
 * segment that starts with a dot (`.github`, `.git`, `.claude`: folders that
 * tools act on) or holds a control character. Returns the normalized path
 * (no leading `./`, no trailing `/`; `''` for the root) or a problem naming
 * the field.
 *
 * @public
 */
export function checkRepoFolderPath(
  value: string,
  field: string,
): { path: string } | { problem: ScaffoldProblem } {
  const refuse = (why: string) => ({
    problem: {
      field,
      message: `${JSON.stringify(value)} ${why}`,
    },
  });
  if (CONTROL.test(value)) {
    return refuse('contains a control character; use a plain folder name');
  }
  if (value.trim() !== value || value === '') {
    return refuse('must be a folder name without surrounding spaces');
  }
  if (value.startsWith('/') || value.includes('\\') || /^[a-z]:/i.test(value)) {
    return refuse(
      'must be a folder inside the repository, relative and with "/" (e.g. skills)',
    );
  }
  const segments = value
    .replace(/^\.\/+/, '')
    .split('/')
    .filter(s => s !== '' && s !== '.');
  if (segments.some(s => s === '..')) {
    return refuse('must stay inside the repository (no "..")');
  }
  const dot = segments.find(s => s.startsWith('.'));
  if (dot) {
    return refuse(
      `names the dot folder ${JSON.stringify(
        dot,
      )}; folders starting with "." (.github, .git, .claude) are not written by this template`,
    );
  }
  return { path: segments.join('/') };
}
