import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A template folder as the dry-run API takes it: every file, base64. */
export function directoryContents(dir: string) {
  const out: Array<{ path: string; base64Content: string }> = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const file = join(d, name);
      if (statSync(file).isDirectory()) walk(file);
      else
        out.push({
          path: relative(dir, file),
          base64Content: readFileSync(file).toString('base64'),
        });
    }
  };
  walk(dir);
  return out;
}
