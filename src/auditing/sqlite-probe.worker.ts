import { parentPort, workerData } from 'node:worker_threads';
import { probeSqliteFile } from './sqlite-probe';

// The file check of `verify` and `seal`, on a thread of its own (see probeSqliteFileAside).
parentPort?.postMessage(probeSqliteFile(workerData as string));
