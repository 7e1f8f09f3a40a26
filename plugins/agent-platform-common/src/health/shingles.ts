/**
 * Text shingling and MinHash, the building blocks of near-duplicate
 * detection. Pure functions over strings and typed arrays.
 */

/** FNV-1a, 32 bits, of a string's UTF-16 code units. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's finaliser: a good 32-bit mix. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Lower-case words (letters and digits, any script). */
export function tokenize(text: string): string[] {
  return text.toLocaleLowerCase('en-US').match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * The set of word `k`-shingles of a text (default 3), as sorted unique
 * 32-bit hashes. A text of fewer than `k` words gives its words.
 *
 * @public
 */
export function shingleSet(text: string, k = 3): Uint32Array {
  const words = tokenize(text);
  const hashes: number[] = [];
  if (words.length < k) {
    for (const w of words) hashes.push(fnv1a(w));
  } else {
    for (let i = 0; i + k <= words.length; i++) {
      hashes.push(fnv1a(words.slice(i, i + k).join(' ')));
    }
  }
  const sorted = Uint32Array.from(hashes).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i];
  }
  return sorted.slice(0, n);
}

/**
 * Jaccard similarity of two sorted unique hash sets: |A ∩ B| / |A ∪ B|
 * (0 when both are empty).
 *
 * @public
 */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      common++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  const union = a.length + b.length - common;
  return union === 0 ? 0 : common / union;
}

/** `count` fixed seeds (splitmix-style), the same on every call. */
export function minHashSeeds(count: number): Uint32Array {
  const seeds = new Uint32Array(count);
  let x = 0x9e3779b9;
  for (let i = 0; i < count; i++) {
    x = (x + 0x9e3779b9) >>> 0;
    seeds[i] = mix32(x);
  }
  return seeds;
}

/**
 * The MinHash signature of a shingle set: for each seed, the least
 * `mix32(shingle XOR seed)`. Two sets agree on one position with
 * probability equal to their Jaccard similarity.
 *
 * @public
 */
export function minHashSignature(
  shingles: Uint32Array,
  seeds: Uint32Array,
): Uint32Array {
  const signature = new Uint32Array(seeds.length).fill(0xffffffff);
  for (let s = 0; s < shingles.length; s++) {
    const shingle = shingles[s];
    for (let i = 0; i < seeds.length; i++) {
      const v = mix32(shingle ^ seeds[i]);
      if (v < signature[i]) signature[i] = v;
    }
  }
  return signature;
}
