/** A command line that cannot be read; the commands print it with their usage. */
export class UsageError extends Error {}

/** `[dir]` and where the base comes from: the options `check` and `upgrade` share. */
export interface SourceOptions {
  dir: string;
  baseFile?: string;
  entityFiles: string[];
  portal?: string;
  token?: string;
  base?: string;
}

/**
 * Reads `[dir]` and the shared source options (`--base-file`, `--entities`,
 * `--portal`, `--token`, `--base`) into `options`, and hands every other
 * option to `other`, which answers false for one it does not know.
 *
 * @throws UsageError for a missing value, an unknown option, more than one
 *   directory, or not exactly one of `--base-file` and `--portal`.
 */
export function parseSourceArgs<T extends SourceOptions>(
  args: string[],
  options: T,
  other: (arg: string, value: () => string) => boolean,
): T {
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const next = args[++i];
      if (next === undefined || next.startsWith('--')) {
        throw new UsageError(`${arg} needs a value`);
      }
      return next;
    };
    switch (arg) {
      case '--base-file':
        options.baseFile = value();
        break;
      case '--entities':
        options.entityFiles.push(value());
        break;
      case '--portal':
        options.portal = value().replace(/\/+$/, '');
        break;
      case '--token':
        options.token = value();
        break;
      case '--base':
        options.base = value();
        break;
      default:
        if (other(arg, value)) break;
        if (arg.startsWith('--')) throw new UsageError(`Unknown option ${arg}`);
        positional.push(arg);
    }
  }
  if (positional.length > 1) {
    throw new UsageError(`Expected one directory, got ${positional.join(' ')}`);
  }
  options.dir = positional[0] ?? '.';
  if (!options.baseFile === !options.portal) {
    throw new UsageError('Give either --base-file or --portal');
  }
  return options;
}
