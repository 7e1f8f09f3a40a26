import { formatJsonPath, parseJsonWithLines } from './jsonLocator';

describe('parseJsonWithLines', () => {
  const text = [
    '{',
    '  "mcpServers": {',
    '    "db": {',
    '      "command": "db",',
    '      "args": [',
    '        "--cfg",',
    '        "x.json"',
    '      ]',
    '    }',
    '  }',
    '}',
  ].join('\n');

  it('parses like JSON.parse and records key and element lines', () => {
    const doc = parseJsonWithLines(text);
    expect(doc.value).toEqual(JSON.parse(text));
    expect(doc.lineOf(['mcpServers', 'db'])).toBe(3);
    expect(doc.lineOf(['mcpServers', 'db', 'args', 1])).toBe(7);
    expect(doc.lineOf(['mcpServers', 'db', 'url'])).toBe(3);
    expect(doc.lineOf([])).toBe(1);
  });

  it('reports a trailing comma on its line', () => {
    const doc = parseJsonWithLines('{\n  "a": 1,\n}\n');
    expect(doc.error).toEqual({
      message: 'Trailing comma before "}"',
      line: 2,
    });
  });

  it('reports a missing comma, comments and unterminated strings', () => {
    expect(parseJsonWithLines('{\n"a": 1\n"b": 2}').error?.line).toBe(3);
    expect(parseJsonWithLines('{\n// hi\n}').error).toEqual({
      message: 'Comments are not allowed in JSON',
      line: 2,
    });
    expect(parseJsonWithLines('{"a": "x\n"}').error?.line).toBe(1);
    expect(parseJsonWithLines('').error?.message).toMatch(/end of file/);
  });

  it('reports duplicate keys and survives __proto__ keys', () => {
    const doc = parseJsonWithLines('{"a": 1,\n "a": 2, "__proto__": {"x": 1}}');
    expect(doc.duplicateKeys).toEqual([{ path: ['a'], line: 2 }]);
    expect((doc.value as any).a).toBe(2);
    expect(Object.getPrototypeOf(doc.value)).toBe(Object.prototype);
  });

  it('decodes escapes and numbers', () => {
    const doc = parseJsonWithLines('["\\u00e9\\n\\"", -1.5e2, true, null]');
    expect(doc.value).toEqual(['é\n"', -150, true, null]);
  });

  it('formats paths for messages', () => {
    expect(formatJsonPath(['packages', 0, 'version'])).toBe(
      'packages[0].version',
    );
    expect(formatJsonPath(['headers', 'X Api'])).toBe('headers["X Api"]');
    expect(formatJsonPath([])).toBe('(root)');
  });
});
