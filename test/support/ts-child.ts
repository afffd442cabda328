import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Starts a TypeScript file of the project as a child Node process (ts-node, transpile only). */
export function spawnTs(file: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, file), ...args], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env },
  });
}

/** Resolves with the child's stdout lines once `predicate` accepts the lines seen so far. */
export function waitForOutput(
  child: ChildProcessWithoutNullStreams,
  predicate: (lines: string[]) => boolean,
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    let partial = '';
    let stderr = '';
    const onData = (chunk: Buffer) => {
      partial += chunk.toString('utf8');
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts);
      if (predicate(lines)) {
        child.stdout.off('data', onData);
        resolve(lines);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('close', (code, signal) => {
      if (!predicate(lines)) reject(new Error(`child exited (${code ?? signal}) early: ${stderr}`));
    });
  });
}
