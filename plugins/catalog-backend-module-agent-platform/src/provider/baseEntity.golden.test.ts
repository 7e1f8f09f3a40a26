import {
  BASE_FILE_NAMES,
  baseEntityFromFiles,
  groupBaseFolders,
} from './baseEntity';
import {
  brokenBaseFiles,
  portable,
  readExampleOrgBase,
} from './__testUtils__/baseFolders';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SourceFile } from './sourceFile';

const golden = JSON.parse(
  readFileSync(
    join(__dirname, '__testUtils__/baseEntities.golden.json'),
    'utf8',
  ),
);

const run = (files: SourceFile[]) =>
  groupBaseFolders(files).map(base =>
    baseEntityFromFiles(base, { defaultOwner: 'group:default/platform' }),
  );

// The fixture was recorded from the mapper before its parsing moved into the
// core's parsers; the output must stay the same, key order included.
const text = (value: unknown) => JSON.stringify(value, null, 2);

describe('org base entities, against the recorded output', () => {
  it('maps examples/org-base/ to the same entity', async () => {
    const results = run(await readExampleOrgBase(BASE_FILE_NAMES));
    expect(results).toHaveLength(1);
    expect(results[0].issues).toEqual([]);
    expect(text(portable(results))).toBe(text(golden.exampleOrgBase));
  });

  it('maps base folders with problems to the same entities and issues', () => {
    expect(text(run(brokenBaseFiles()))).toBe(text(golden.brokenBases));
  });
});
