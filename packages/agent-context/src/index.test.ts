import { main, MAIN_USAGE } from './index';

describe('agent-context help', () => {
  let out: string;
  let err: string;
  beforeEach(() => {
    out = '';
    err = '';
    jest.spyOn(process.stdout, 'write').mockImplementation(text => {
      out += String(text);
      return true;
    });
    jest.spyOn(process.stderr, 'write').mockImplementation(text => {
      err += String(text);
      return true;
    });
  });
  afterEach(() => jest.restoreAllMocks());

  it('lists the commands on --help and help, exit 0', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      out = '';
      await expect(main(argv)).resolves.toBe(0);
      expect(out).toBe(`${MAIN_USAGE}\n`);
      expect(out).toMatch(/^Commands:\n {2}check \[dir\]/m);
    }
  });

  it("prints a command's own help with <command> --help or help <command>, exit 0", async () => {
    for (const [argv, first] of [
      [['check', '--help'], 'Usage: agent-context check [dir] [options]'],
      [['upgrade', '-h'], 'Usage: agent-context upgrade [dir] [options]'],
      [['help', 'eval'], 'Usage: agent-context eval [skill-dir]'],
    ] as const) {
      out = '';
      await expect(main([...argv])).resolves.toBe(0);
      expect(out.startsWith(first)).toBe(true);
      // One Options section, as help parsers (and backstage-repo-tools' CLI report) read it.
      expect(out.match(/^Options:$/gm)).toHaveLength(1);
    }
    expect(err).toBe('');
  });

  it('refuses no command or an unknown one with the help on stderr, exit 2', async () => {
    await expect(main([])).resolves.toBe(2);
    await expect(main(['lint'])).resolves.toBe(2);
    expect(err).toContain('Unknown command lint');
    expect(out).toBe('');
  });
});
