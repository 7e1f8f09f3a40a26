/*
 * Imports saved Anthropic Admin API Claude Code usage reports into the portal.
 *
 *   cd packages/tools
 *   node -r @backstage/cli/config/nodeTransform.cjs src/import-admin-report.ts \
 *     --portal http://localhost:7007 --token <external-access token> report-2026-11-20.json [more.json ...]
 *
 * Each file holds one page as `GET /v1/organizations/usage_report/claude_code` returned it
 * (`{data, has_more, next_page}`), or an array of pages. Files are posted one by one to
 * `<portal>/api/agent-platform/spend/import/admin-api`; the portal answers what it stored and
 * what it already had (importing a day twice changes nothing). The token may also come from
 * the environment variable AGENT_PLATFORM_TOKEN. Exit code 1 when any file failed.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

const USAGE =
  'Usage: import-admin-report.ts --portal <backend url> --token <token> <file.json>...';

/** What the import of one file came to. */
export interface ImportOutcome {
  file: string;
  ok: boolean;
  message: string;
}

/** Posts one report file to the portal; never throws. */
export async function importReportFile(options: {
  portal: string;
  token: string;
  file: string;
  fetchImpl?: typeof fetch;
}): Promise<ImportOutcome> {
  const { portal, token, file } = options;
  const fetchImpl = options.fetchImpl ?? fetch;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      file,
      ok: false,
      message: `cannot read the file (${code ?? (e as Error).message})`,
    };
  }
  try {
    JSON.parse(text);
  } catch (e) {
    return {
      file,
      ok: false,
      message: `not JSON: ${(e as Error).message}`,
    };
  }
  const url = `${portal.replace(
    /\/+$/,
    '',
  )}/api/agent-platform/spend/import/admin-api`;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
      },
      body: text,
    });
  } catch (e) {
    const cause = (e as { cause?: { message?: string } }).cause?.message;
    return {
      file,
      ok: false,
      message: `cannot reach ${url}: ${(e as Error).message}${
        cause ? ` (${cause})` : ''
      }`,
    };
  }
  const body = await response.text();
  let parsed: any;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const detail =
      parsed?.error?.message ?? (body.trim().slice(0, 200) || '(empty body)');
    return {
      file,
      ok: false,
      message: `the portal answered ${response.status}: ${detail}`,
    };
  }
  const ignored = Object.entries(parsed?.ignored ?? {})
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
  return {
    file,
    ok: true,
    message: `${parsed.pages} page(s), ${parsed.records} record(s), ${
      parsed.points
    } point(s): ${parsed.accepted} stored, ${parsed.duplicates} already stored${
      ignored ? `, ignored: ${ignored}` : ''
    }`,
  };
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        portal: { type: 'string', default: 'http://localhost:7007' },
        token: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const token = values.token ?? process.env.AGENT_PLATFORM_TOKEN;
  if (!token || positionals.length === 0) {
    process.stderr.write(
      `${
        !token
          ? 'A token is required (--token or AGENT_PLATFORM_TOKEN).\n'
          : 'Name at least one report file.\n'
      }${USAGE}\n`,
    );
    return 2;
  }
  let failed = 0;
  for (const file of positionals) {
    const outcome = await importReportFile({
      portal: values.portal!,
      token,
      file,
    });
    if (outcome.ok) {
      process.stdout.write(`${file}: ${outcome.message}\n`);
    } else {
      failed++;
      process.stderr.write(`${file}: ${outcome.message}\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    code => {
      process.exitCode = code;
    },
    e => {
      process.stderr.write(`${e?.stack ?? e}\n`);
      process.exitCode = 1;
    },
  );
}
