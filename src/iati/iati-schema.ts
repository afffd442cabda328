import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The official IATI 2.03 activity schema, kept in the repository beside this module (the build copies it to dist);
 * LEDGER_IATI_SCHEMA_DIR points elsewhere (a build that did not copy it).
 */
export const IATI_ACTIVITIES_XSD = join(process.env.LEDGER_IATI_SCHEMA_DIR ?? join(__dirname, 'schema'), 'iati-activities-schema.xsd');

/** One schema or well-formedness error, as xmllint reports it. */
export interface XmlProblem {
  readonly line: number | null;
  readonly element: string | null;
  readonly message: string;
}

export class XmlValidatorUnavailable extends Error {
  override readonly name = 'XmlValidatorUnavailable';
}

const XMLLINT = process.env.LEDGER_XMLLINT ?? 'xmllint';

/**
 * `file:12: element value: Schemas validity error : Element 'value': 'x' is not a valid value of …` and
 * `file:3: parser error : …` become {line, element, message}.
 */
export function parseXmllintErrors(stderr: string, file: string): XmlProblem[] {
  const problems: XmlProblem[] = [];
  for (const raw of stderr.split('\n')) {
    if (!raw.startsWith(`${file}:`)) continue;
    const rest = raw.slice(file.length + 1);
    const match = /^(\d+): (?:element ([^:]+): )?(.*)$/.exec(rest);
    if (!match) continue;
    problems.push({ line: Number(match[1]), element: match[2] ?? null, message: match[3]!.replace(/\s+/g, ' ').trim() });
  }
  if (problems.length === 0 && stderr.trim() !== '') {
    problems.push({ line: null, element: null, message: stderr.trim().split('\n')[0]!.replaceAll(file, 'the file') });
  }
  return problems;
}

/**
 * Validates XML text against the IATI activities schema with libxml2's xmllint: `--nonet` (no network, so no
 * external DTD or entity is fetched) and without `--noent` (entities are not substituted). Empty when valid.
 */
export async function validateIatiActivities(xml: string | Buffer): Promise<XmlProblem[]> {
  const dir = mkdtempSync(join(tmpdir(), 'iati-'));
  const file = join(dir, 'activities.xml');
  try {
    writeFileSync(file, xml);
    return await new Promise<XmlProblem[]>((resolve, reject) => {
      execFile(
        XMLLINT,
        ['--nonet', '--noout', '--schema', IATI_ACTIVITIES_XSD, file],
        { maxBuffer: 4 * 1024 * 1024, timeout: 120_000 },
        (error, _stdout, stderr) => {
          if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
            reject(new XmlValidatorUnavailable(`${XMLLINT} is not installed (Debian: apt-get install libxml2-utils)`));
            return;
          }
          if (!existsSync(IATI_ACTIVITIES_XSD)) {
            reject(new XmlValidatorUnavailable(`the IATI schema is missing at ${IATI_ACTIVITIES_XSD}`));
            return;
          }
          resolve(error ? parseXmllintErrors(stderr, file) : []);
        },
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
