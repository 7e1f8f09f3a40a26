import { createLineLocator, LineLocator, normalizeText } from './text';

/**
 * A path into a JSON value: object keys and array indexes.
 *
 * @public
 */
export type JsonPath = ReadonlyArray<string | number>;

/**
 * A JSON text parsed with the line of every key and array element.
 *
 * @public
 */
export type JsonDocument = {
  /** The parsed value; undefined when the text is not valid JSON. */
  value: unknown;
  /** The first syntax error, when the text is not valid JSON. */
  error?: { message: string; line: number };
  /** Keys that appear twice in one object (JSON.parse keeps the last one; so does this). */
  duplicateKeys: Array<{ path: string[]; line: number }>;
  /**
   * The 1-based line of the value at `path` (for an object member, the line of its key). When
   * the path does not exist, the line of its nearest existing ancestor.
   */
  lineOf(path: JsonPath): number;
};

class JsonSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

function pointer(path: JsonPath): string {
  return path
    .map(p => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`)
    .join('');
}

/**
 * Formats a JSON path for messages: `mcpServers.db.headers.Authorization`, `packages[0].version`.
 *
 * @public
 */
export function formatJsonPath(path: JsonPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') {
      out += `[${part}]`;
    } else if (/^[A-Za-z_$][\w$-]*$/.test(part)) {
      out += out === '' ? part : `.${part}`;
    } else {
      out += `[${JSON.stringify(part)}]`;
    }
  }
  return out === '' ? '(root)' : out;
}

const MAX_NESTING = 256;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

class Parser {
  pos = 0;
  readonly lines = new Map<string, number>();
  readonly duplicates: Array<{ path: string[]; line: number }> = [];

  constructor(readonly text: string, readonly lineOf: LineLocator) {}

  fail(message: string, at: number = this.pos): never {
    throw new JsonSyntaxError(message, at);
  }

  ws() {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
        this.pos++;
      } else if (
        c === '/' &&
        (t[this.pos + 1] === '/' || t[this.pos + 1] === '*')
      ) {
        this.fail('Comments are not allowed in JSON');
      } else {
        return;
      }
    }
  }

  describe(at: number): string {
    if (at >= this.text.length) {
      return 'end of file';
    }
    return JSON.stringify(this.text[at]);
  }

  value(path: Array<string | number>, record: boolean): unknown {
    if (path.length > MAX_NESTING) {
      this.fail(`Nesting deeper than ${MAX_NESTING} levels`);
    }
    this.ws();
    if (record) {
      this.lines.set(pointer(path), this.lineOf(this.pos));
    }
    const c = this.text[this.pos];
    if (c === '{') {
      return this.object(path);
    }
    if (c === '[') {
      return this.array(path);
    }
    if (c === '"') {
      return this.string();
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = this.pos;
      const match = NUMBER.exec(this.text);
      if (!match) {
        this.fail(`Invalid number at ${this.describe(this.pos)}`);
      }
      this.pos += match[0].length;
      return Number(match[0]);
    }
    for (const [word, val] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return val;
      }
    }
    if (c === "'") {
      this.fail('Strings must use double quotes in JSON');
    }
    return this.fail(`Unexpected ${this.describe(this.pos)}, expected a value`);
  }

  string(): string {
    const start = this.pos;
    this.pos++;
    let out = '';
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === '\\') {
        const e = t[this.pos + 1];
        if (e === 'u') {
          const hex = t.slice(this.pos + 2, this.pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            this.fail('Invalid \\u escape in a string');
          }
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 6;
          continue;
        }
        if (e === undefined || !(e in ESCAPES)) {
          this.fail(`Invalid escape "\\${e ?? ''}" in a string`);
        }
        out += ESCAPES[e];
        this.pos += 2;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) {
        this.fail(
          c === '\n'
            ? 'Unterminated string (a line break inside a string)'
            : 'Control character inside a string',
        );
      }
      out += c;
      this.pos++;
    }
    return this.fail('Unterminated string', start);
  }

  object(path: Array<string | number>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.opens('}')) {
      return out;
    }
    for (;;) {
      this.ws();
      if (this.text[this.pos] !== '"') {
        this.fail(
          `Unexpected ${this.describe(this.pos)}, expected a double-quoted key`,
        );
      }
      const keyLine = this.lineOf(this.pos);
      const key = this.string();
      const keyPath = [...path, key];
      if (Object.prototype.hasOwnProperty.call(out, key)) {
        this.duplicates.push({
          path: keyPath.map(String),
          line: keyLine,
        });
      }
      this.lines.set(pointer(keyPath), keyLine);
      this.ws();
      if (this.text[this.pos] !== ':') {
        this.fail(
          `Unexpected ${this.describe(
            this.pos,
          )}, expected ":" after the key ${JSON.stringify(key)}`,
        );
      }
      this.pos++;
      const val = this.value(keyPath, false);
      Object.defineProperty(out, key, {
        value: val,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      if (!this.continues('}')) {
        return out;
      }
    }
  }

  array(path: Array<string | number>): unknown[] {
    const out: unknown[] = [];
    if (this.opens(']')) {
      return out;
    }
    for (;;) {
      out.push(this.value([...path, out.length], true));
      if (!this.continues(']')) {
        return out;
      }
    }
  }

  /** Steps past an opening bracket; true when the container is empty (then also past `close`). */
  opens(close: '}' | ']'): boolean {
    this.pos++;
    this.ws();
    if (this.text[this.pos] === close) {
      this.pos++;
      return true;
    }
    return false;
  }

  /** After a member: true when a comma announces another, false when `close` ends the container. */
  continues(close: '}' | ']'): boolean {
    this.ws();
    const c = this.text[this.pos];
    if (c === ',') {
      const comma = this.pos;
      this.pos++;
      this.ws();
      if (this.text[this.pos] === close) {
        this.fail(`Trailing comma before "${close}"`, comma);
      }
      return true;
    }
    if (c === close) {
      this.pos++;
      return false;
    }
    return this.fail(
      `Unexpected ${this.describe(
        this.pos,
      )}, expected "," or "${close}" (a missing comma?)`,
    );
  }
}

/**
 * Parses JSON (strict: no comments, no trailing commas) and remembers the line of every key and
 * array element, so that problems found later can point at the offending line. A byte order mark
 * and CRLF line endings are accepted.
 *
 * @public
 */
export function parseJsonWithLines(text: string): JsonDocument {
  const normalized = normalizeText(text);
  const lineOf = createLineLocator(normalized);
  const parser = new Parser(normalized, lineOf);
  const lookup = (path: JsonPath) => {
    for (let n = path.length; n >= 0; n--) {
      const line = parser.lines.get(pointer(path.slice(0, n)));
      if (line !== undefined) {
        return line;
      }
    }
    return 1;
  };
  try {
    const value = parser.value([], true);
    parser.ws();
    if (parser.pos < normalized.length) {
      parser.fail(
        `Unexpected ${parser.describe(
          parser.pos,
        )} after the end of the JSON value`,
      );
    }
    return { value, duplicateKeys: parser.duplicates, lineOf: lookup };
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      return {
        value: undefined,
        error: { message: e.message, line: lineOf(e.offset) },
        duplicateKeys: parser.duplicates,
        lineOf: lookup,
      };
    }
    throw e;
  }
}
