/**
 * Prepares raw file text for parsing: drops a UTF-8 byte order mark and turns CRLF and lone CR
 * line endings into LF. Line numbers are unchanged, so every line reported on the result is
 * also the line in the original file.
 *
 * @public
 */
export function normalizeText(text: string): string {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return withoutBom.replace(/\r\n?/g, '\n');
}

/**
 * Maps character offsets of a text to 1-based line numbers.
 *
 * @public
 */
export type LineLocator = (offset: number) => number;

/**
 * Builds a {@link LineLocator} for `text` (binary search over the line starts).
 *
 * @public
 */
export function createLineLocator(text: string): LineLocator {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      starts.push(i + 1);
    }
  }
  return offset => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo + 1;
  };
}

/**
 * Returns the number of bytes `text` takes in UTF-8, without allocating an encoded copy.
 *
 * @public
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      bytes += 1;
    } else if (code < 0x800) {
      bytes += 2;
    } else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    } else {
      bytes += 3;
    }
  }
  return bytes;
}

/**
 * Returns whether `text` is larger than `maxBytes` in UTF-8. Cheap for very large strings:
 * a UTF-16 code unit never takes fewer bytes than one, nor more than three.
 *
 * @public
 */
export function exceedsByteSize(text: string, maxBytes: number): boolean {
  if (text.length > maxBytes) {
    return true;
  }
  if (text.length * 3 <= maxBytes) {
    return false;
  }
  return utf8ByteLength(text) > maxBytes;
}

/**
 * Returns the 1-based line of the first NUL character in `text`, or undefined when there is
 * none. Text files never contain NUL; its presence means the content is binary.
 *
 * @public
 */
export function findBinaryContent(text: string): number | undefined {
  const index = text.indexOf('\u0000');
  if (index < 0) {
    return undefined;
  }
  let line = 1;
  for (let i = 0; i < index; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
    }
  }
  return line;
}

/**
 * Shortens a value for safe display in a message, e.g. a suspected secret: keeps the first
 * characters and replaces the rest with an ellipsis.
 *
 * @public
 */
export function redact(value: string, keep: number = 4): string {
  if (value.length <= keep) {
    return '*'.repeat(value.length);
  }
  return `${value.slice(0, keep)}…`;
}

/**
 * Quotes a value for a message, truncating it when it is long.
 *
 * @public
 */
export function quote(value: string, max: number = 60): string {
  const shown = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(shown);
}
