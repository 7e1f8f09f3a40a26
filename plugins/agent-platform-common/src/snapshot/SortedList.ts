import { byText } from '../inheritance/platformIndex';

/**
 * A sorted list of distinct strings (code-point order) that takes single
 * additions and removals in O(log n) search plus one array move, and bulk
 * additions sorted once at the end ({@link SortedList.seal}).
 *
 * @internal
 */
export class SortedList {
  #items: string[] = [];
  #sealed = true;

  /** Adds a value; in bulk mode the list is sorted by {@link SortedList.seal}. */
  add(value: string, bulk = false) {
    if (bulk) {
      this.#items.push(value);
      this.#sealed = false;
      return;
    }
    this.seal();
    const at = this.#search(value);
    if (this.#items[at] !== value) this.#items.splice(at, 0, value);
  }

  /** Removes a value when present. */
  remove(value: string) {
    this.seal();
    const at = this.#search(value);
    if (this.#items[at] === value) this.#items.splice(at, 1);
  }

  /** Sorts and deduplicates what bulk additions left unsorted. */
  seal() {
    if (this.#sealed) return;
    this.#items.sort(byText);
    this.#items = this.#items.filter(
      (v, i, all) => i === 0 || all[i - 1] !== v,
    );
    this.#sealed = true;
  }

  /** A sorted copy of the values. */
  values(): string[] {
    this.seal();
    return this.#items.slice();
  }

  /** How many values. */
  get size(): number {
    this.seal();
    return this.#items.length;
  }

  #search(value: string): number {
    let low = 0;
    let high = this.#items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.#items[mid] < value) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
