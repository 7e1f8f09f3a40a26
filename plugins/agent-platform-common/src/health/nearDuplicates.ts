import {
  jaccard,
  mix32,
  minHashSeeds,
  minHashSignature,
  shingleSet,
  tokenize,
} from './shingles';

/**
 * A skill as near-duplicate detection reads it.
 *
 * @public
 */
export interface NearDuplicateSkillInput {
  /** Entity ref, `airesource:<namespace>/<name>`. */
  ref: string;
  /** `metadata.name`. */
  name: string;
  /** `metadata.description`. */
  description?: string;
  /** The folder's text ({@link skillTextOf}); undefined when it could not be read. */
  body?: string;
  /** `org` (the registry) or `team` (team-local). */
  scope?: string;
  /** Owner ref. */
  owner?: string;
}

/**
 * A near-duplicate pair of skills.
 *
 * @public
 */
export interface NearDuplicatePair {
  /** The two refs, `a` before `b`. */
  a: string;
  b: string;
  /** Jaccard similarity of their word 3-shingle sets, 0 to 1, rounded to 3 places. */
  similarity: number;
  /**
   * `promotion`: team-local skills of different teams (promote one to the
   * registry); `consolidation`: a team skill near a registry skill, or two
   * skills of one owner, or two registry skills (keep one).
   */
  kind: 'promotion' | 'consolidation';
  /** What to do, in one sentence. */
  reason: string;
  /** The skill to promote (a `promotion` pair): the one with more text. */
  promote?: string;
  /** The registry skill a team copy should use instead (team/registry pairs). */
  useInstead?: string;
}

/**
 * What {@link findNearDuplicateSkills} found.
 *
 * @public
 */
export interface NearDuplicateReport {
  /** How the similarity is measured, in words. */
  method: string;
  /** The least similarity reported. */
  threshold: number;
  /** Skills compared. */
  compared: number;
  /** Skills left out, with the reason. */
  skipped: Array<{ ref: string; reason: string }>;
  /** Pairs at or above the threshold, most similar first. */
  pairs: NearDuplicatePair[];
  /** Groups of skills linked by pairs (two or more), largest first. */
  clusters: Array<{ refs: string[]; kind: 'promotion' | 'consolidation' }>;
  /** Candidate pairs whose exact similarity was computed. */
  candidatesChecked: number;
}

/**
 * Options of {@link findNearDuplicateSkills}.
 *
 * @public
 */
export interface NearDuplicateOptions {
  /** Least Jaccard similarity reported (default 0.5). */
  threshold?: number;
  /** LSH bands (default 42) and rows per band (default 3): 126 MinHash values. */
  bands?: number;
  rows?: number;
  /** `all-pairs` compares every pair exactly (the baseline); default `minhash-lsh`. */
  strategy?: 'minhash-lsh' | 'all-pairs';
  /** Skills with fewer words (name, description and text) are skipped (default 8). */
  minWords?: number;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function labelPair(
  x: NearDuplicateSkillInput,
  y: NearDuplicateSkillInput,
  sizes: [number, number],
): Pick<NearDuplicatePair, 'kind' | 'reason' | 'promote' | 'useInstead'> {
  const xOrg = x.scope === 'org';
  const yOrg = y.scope === 'org';
  if (xOrg && yOrg) {
    return {
      kind: 'consolidation',
      reason: `Two registry skills overlap: keep one and deprecate the other with replaced-by`,
    };
  }
  if (xOrg !== yOrg) {
    const [registry, team] = xOrg ? [x, y] : [y, x];
    return {
      kind: 'consolidation',
      reason: `${team.name} (${team.owner ?? 'unowned'}) is a near-copy of the registry skill ${registry.name}: use the registry skill, and send its changes upstream`,
      useInstead: registry.ref,
    };
  }
  if (x.owner && x.owner === y.owner) {
    return {
      kind: 'consolidation',
      reason: `${x.owner} keeps two near-copies: keep one`,
    };
  }
  const promote = sizes[0] >= sizes[1] ? x : y;
  return {
    kind: 'promotion',
    reason: `${x.owner ?? 'unowned'} and ${y.owner ?? 'unowned'} keep near-copies: promote ${promote.name} to the registry and retire the other`,
    promote: promote.ref,
  };
}

/**
 * Finds skills whose text nearly repeats another's: team-local skills
 * against the registry's and against each other (and registry skills
 * against each other).
 *
 * Method: each skill's text is its name, description and folder text,
 * lower-cased into words; its word 3-shingles are hashed (32-bit FNV-1a)
 * into a set. Similarity is the Jaccard index of two sets. Candidates come
 * from MinHash (126 values) with LSH banding (42 bands of 3 rows): a pair at
 * similarity s becomes a candidate with probability 1 - (1 - s^3)^42, which
 * is 0.996 at the default threshold 0.5 and 0.43 at 0.2; every candidate's
 * exact Jaccard is then computed, so no reported number is an estimate and
 * no pair below the threshold is reported. `strategy: 'all-pairs'` computes
 * every pair exactly (the baseline, quadratic).
 *
 * Skills with fewer than `minWords` words, or no readable text (`body`
 * undefined), are skipped and listed with the reason; texts are capped
 * upstream ({@link skillTextOf}).
 *
 * @public
 */
export function findNearDuplicateSkills(
  skills: readonly NearDuplicateSkillInput[],
  options: NearDuplicateOptions = {},
): NearDuplicateReport {
  const threshold = options.threshold ?? 0.5;
  const bands = options.bands ?? 42;
  const rows = options.rows ?? 3;
  const minWords = options.minWords ?? 8;
  const strategy = options.strategy ?? 'minhash-lsh';
  const skipped: NearDuplicateReport['skipped'] = [];
  const items: Array<{ skill: NearDuplicateSkillInput; set: Uint32Array }> =
    [];
  const seen = new Set<string>();
  for (const skill of skills) {
    if (seen.has(skill.ref)) {
      skipped.push({ ref: skill.ref, reason: 'listed twice' });
      continue;
    }
    seen.add(skill.ref);
    if (skill.body === undefined) {
      skipped.push({ ref: skill.ref, reason: 'its folder could not be read' });
      continue;
    }
    const text = `${skill.name.replace(/[-_]/g, ' ')}\n${
      skill.description ?? ''
    }\n${skill.body}`;
    if (tokenize(text).length < minWords) {
      skipped.push({
        ref: skill.ref,
        reason: `fewer than ${minWords} words to compare`,
      });
      continue;
    }
    items.push({ skill, set: shingleSet(text) });
  }

  const pairs: NearDuplicatePair[] = [];
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) {
      parent[r] = parent[parent[r]];
      r = parent[r];
    }
    return r;
  };
  let candidatesChecked = 0;
  const consider = (i: number, j: number) => {
    candidatesChecked++;
    const similarity = jaccard(items[i].set, items[j].set);
    if (similarity < threshold) return;
    const [x, y] = items[i].skill.ref < items[j].skill.ref ? [i, j] : [j, i];
    pairs.push({
      a: items[x].skill.ref,
      b: items[y].skill.ref,
      similarity: round3(similarity),
      ...labelPair(items[x].skill, items[y].skill, [
        items[x].set.length,
        items[y].set.length,
      ]),
    });
    parent[find(i)] = find(j);
  };

  if (strategy === 'all-pairs') {
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) consider(i, j);
    }
  } else {
    const seeds = minHashSeeds(bands * rows);
    const buckets = new Map<number, number[]>();
    const pairSeen = new Set<number>();
    for (let i = 0; i < items.length; i++) {
      const sig = minHashSignature(items[i].set, seeds);
      for (let band = 0; band < bands; band++) {
        let h = mix32(band + 1);
        for (let r = 0; r < rows; r++) {
          h = mix32(h ^ sig[band * rows + r]);
        }
        // The band number is mixed in, so one map holds every band.
        const bucket = buckets.get(h);
        if (!bucket) {
          buckets.set(h, [i]);
          continue;
        }
        for (const j of bucket) {
          const key = j * items.length + i;
          if (!pairSeen.has(key)) {
            pairSeen.add(key);
            consider(j, i);
          }
        }
        bucket.push(i);
      }
    }
  }

  pairs.sort(
    (p, q) =>
      q.similarity - p.similarity ||
      p.a.localeCompare(q.a) ||
      p.b.localeCompare(q.b),
  );

  const groups = new Map<number, number[]>();
  for (let i = 0; i < items.length; i++) {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(i);
    else groups.set(root, [i]);
  }
  const clusters = [...groups.values()]
    .filter(g => g.length > 1)
    .map(g => {
      const members = g.map(i => items[i].skill);
      const owners = new Set(members.map(m => m.owner));
      const allTeam = members.every(m => m.scope !== 'org');
      return {
        refs: members.map(m => m.ref).sort(),
        kind:
          allTeam && owners.size > 1
            ? ('promotion' as const)
            : ('consolidation' as const),
      };
    })
    .sort(
      (p, q) => q.refs.length - p.refs.length || p.refs[0].localeCompare(q.refs[0]),
    );

  return {
    method:
      strategy === 'all-pairs'
        ? 'Jaccard similarity of word 3-shingle sets (name, description, text), every pair compared'
        : `Jaccard similarity of word 3-shingle sets (name, description, text); candidates by MinHash (${
            bands * rows
          } values) with LSH (${bands} bands of ${rows} rows), each candidate's similarity computed exactly`,
    threshold,
    compared: items.length,
    skipped,
    pairs,
    clusters,
    candidatesChecked,
  };
}
