import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRunner {
  run(args: readonly string[], options?: { env?: NodeJS.ProcessEnv; input?: string }): Promise<CliRun>;
  /** `--json` output parsed (the command must print exactly one JSON document). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json<T = Record<string, any>>(args: readonly string[], options?: { env?: NodeJS.ProcessEnv }): Promise<{ code: number | null; body: T; stderr: string }>;
  dispose(): void;
}

/**
 * Runs the `ledger` CLI in child processes. By default the sources are compiled once (tsc, `src/` and
 * `projections/` only) into a temporary directory and each run is `node <build>/src/cli/main.js` — the same
 * JavaScript `npm run build` puts in dist/, at half a second a run instead of ts-node's four.
 * LEDGER_CLI_TS=1 runs `node -r ts-node/register/transpile-only src/cli/main.ts` instead.
 */
export function cliRunner(baseEnv: NodeJS.ProcessEnv = {}): CliRunner {
  const viaTsNode = process.env.LEDGER_CLI_TS === '1';
  let buildDir: string | null = null;
  let command: string[];
  if (viaTsNode) {
    command = ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'cli', 'main.ts')];
  } else {
    buildDir = mkdtempSync(join(tmpdir(), 'ledger-cli-build-'));
    const tsconfig = join(buildDir, 'tsconfig.json');
    writeFileSync(
      tsconfig,
      JSON.stringify({
        extends: join(ROOT, 'tsconfig.build.json'),
        compilerOptions: { outDir: join(buildDir, 'out'), rootDir: ROOT, sourceMap: false, noEmitOnError: false },
        include: [join(ROOT, 'src', '**', '*.ts'), join(ROOT, 'projections', '**', '*.ts')],
        exclude: [join(ROOT, 'node_modules'), join(ROOT, '**', '*.spec.ts')],
      }),
    );
    // Type errors elsewhere in a tree others are editing must not stop the CLI's own tests: emit regardless.
    spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfig], { cwd: ROOT, encoding: 'utf8' });
    const main = join(buildDir, 'out', 'src', 'cli', 'main.js');
    if (!existsSync(main)) throw new Error(`the CLI did not compile into ${main}`);
    command = [main];
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
    NODE_PATH: join(ROOT, 'node_modules'),
    LEDGER_ACTOR: 'cli-test',
    ...baseEnv,
  };
  delete env.LEDGER_DEBUG;

  const run: CliRunner['run'] = (args, options = {}) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [...command, ...args], { cwd: ROOT, env: { ...env, ...options.env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(options.input ?? '');
    });

  return {
    run,
    json: async (args, options) => {
      const result = await run([...args, '--json'], options);
      let body;
      try {
        body = JSON.parse(result.stdout);
      } catch {
        throw new Error(`ledger ${args.join(' ')} --json did not print one JSON document (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
      }
      return { code: result.code, body, stderr: result.stderr };
    },
    dispose: () => {
      if (buildDir) rmSync(buildDir, { recursive: true, force: true });
    },
  };
}
