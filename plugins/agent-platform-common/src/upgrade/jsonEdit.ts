import {
  applyEdits,
  findNodeAtLocation,
  FormattingOptions,
  JSONPath,
  modify,
  Node,
  parseTree,
  ParseError,
  printParseErrorCode,
} from 'jsonc-parser';

/**
 * A JSON text edited in place: every change goes through jsonc-parser's
 * `modify`, so the bytes outside the changed value stay as they were
 * (comments, key order, spacing of untouched entries).
 */
export class JsonText {
  private readonly formatting: FormattingOptions;
  #text: string;
  // The parse of #text, rebuilt after an edit.
  #tree: Node | undefined;

  get text(): string {
    return this.#text;
  }

  set text(value: string) {
    this.#text = value;
    this.#tree = undefined;
  }

  private constructor(text: string) {
    this.#text = text;
    const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
    this.formatting = {
      insertSpaces: !indent.startsWith('\t'),
      tabSize: indent.startsWith('\t') ? 1 : indent.length,
      eol: text.includes('\r\n') ? '\r\n' : '\n',
    };
  }

  /**
   * Parses the text; returns an error message (with the line) when it is not
   * a JSON object.
   */
  static parse(text: string, file: string): JsonText | string {
    const errors: ParseError[] = [];
    const tree = parseTree(text, errors, {
      allowTrailingComma: false,
      disallowComments: false,
    });
    if (errors.length > 0) {
      const first = errors[0];
      const line = text.slice(0, first.offset).split('\n').length;
      return `${file}:${line}: ${printParseErrorCode(
        first.error,
      )}; the file is not valid JSON`;
    }
    if (!tree || tree.type !== 'object') {
      return `${file}: expected a JSON object`;
    }
    return new JsonText(text);
  }

  node(path: JSONPath): Node | undefined {
    this.#tree ??= parseTree(this.#text);
    return this.#tree ? findNodeAtLocation(this.#tree, path) : undefined;
  }

  /** The string items of the array at path, or undefined when it is not an array. */
  strings(path: JSONPath): string[] | undefined {
    const node = this.node(path);
    if (!node || node.type !== 'array') return undefined;
    return (node.children ?? []).map(c =>
      typeof c.value === 'string' ? c.value : '',
    );
  }

  /** The 1-based line of the value at path. */
  line(path: JSONPath): number | undefined {
    const node = this.node(path);
    return node
      ? this.text.slice(0, node.offset).split('\n').length
      : undefined;
  }

  set(path: JSONPath, value: unknown): void {
    // A removal is applied unformatted: formatting its range would re-indent
    // the sibling before it, which must keep its bytes.
    this.text = applyEdits(
      this.text,
      modify(
        this.text,
        path,
        value,
        value === undefined ? {} : { formattingOptions: this.formatting },
      ),
    );
  }

  /** Removes every string item equal to value (trimmed) from the array at path. */
  removeString(path: JSONPath, value: string): boolean {
    const items = this.strings(path);
    if (!items) return false;
    let removed = false;
    for (let i = items.length - 1; i >= 0; i--) {
      if (items[i].trim() === value.trim()) {
        this.set([...path, i], undefined);
        removed = true;
      }
    }
    return removed;
  }

  /** Appends value to the array at path (creating it), unless already there. */
  appendString(path: JSONPath, value: string): boolean {
    const items = this.strings(path);
    if (items?.some(i => i.trim() === value.trim())) return false;
    if (!items || items.length === 0) {
      this.set(path, [value]);
    } else {
      this.insertLast(path, undefined, value);
    }
    return true;
  }

  /** Adds a property at the end of the object at path (or sets it when present). */
  setProperty(path: JSONPath, key: string, value: unknown): void {
    const node = this.node(path);
    const exists = node?.children?.some(p => p.children?.[0]?.value === key);
    if (!node || node.type !== 'object' || !node.children?.length || exists) {
      this.set([...path, key], value);
      return;
    }
    this.insertLast(path, key, value);
  }

  /**
   * Inserts after the container's last child, indented like it. jsonc-parser's
   * own formatting would re-indent that child, whose bytes must not change.
   */
  private insertLast(path: JSONPath, key: string | undefined, value: unknown) {
    const node = this.node(path)!;
    const last = node.children![node.children!.length - 1];
    const end = last.offset + last.length;
    const lineStart = this.text.lastIndexOf('\n', last.offset - 1) + 1;
    const lead = this.text.slice(lineStart, last.offset);
    const label = key === undefined ? '' : `${JSON.stringify(key)}: `;
    let insert: string;
    if (/^[ \t]*$/.test(lead)) {
      const unit = this.formatting.insertSpaces
        ? ' '.repeat(this.formatting.tabSize ?? 2)
        : '\t';
      const eol = this.formatting.eol ?? '\n';
      insert = `,${eol}${lead}${label}${JSON.stringify(value, null, unit)
        .split('\n')
        .join(`${eol}${lead}`)}`;
    } else {
      // The container is written on one line: stay on it.
      insert = `, ${label}${JSON.stringify(value)}`;
    }
    this.text = this.text.slice(0, end) + insert + this.text.slice(end);
  }
}
