import { extname, join } from 'node:path';

export interface WorkerScript {
  readonly file: string;
  readonly execArgv: string[] | undefined;
}

/**
 * The worker script `name` beside the module at `moduleFile`, and the options to start it with. Run from the
 * sources (tests, benchmarks) the script is TypeScript too and needs a loader for it, unless it inherits one
 * from the parent's options (as it inherits the rest of them).
 */
export function workerScript(moduleFile: string, name: string): WorkerScript {
  const extension = extname(moduleFile);
  const needsLoader = extension === '.ts' && !process.execArgv.some((option) => option.startsWith('ts-node/register'));
  return {
    file: join(moduleFile, '..', `${name}${extension}`),
    execArgv: needsLoader ? ['--require', 'ts-node/register/transpile-only'] : undefined,
  };
}
