// Builds the auditor page into dist/web: TypeScript (web/src) compiled by tsc, the HTML and CSS copied, and
// Chart.js's UMD build copied into dist/web/vendor so the page loads nothing from outside the ledger.
// Run by `npm run build` (after `nest build`, which empties dist/) and by `npm run test:browser`.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const webDir = dirname(fileURLToPath(import.meta.url));
const outDir = join(webDir, '..', 'dist', 'web');
// tsc writes under the root of everything the page's types come from (web/ and the projections' view types);
// only the page's own modules are kept.
const tscDir = join(webDir, '..', 'dist', 'web-tsc');

rmSync(outDir, { recursive: true, force: true });
rmSync(tscDir, { recursive: true, force: true });

const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(webDir, 'tsconfig.json')], {
  stdio: 'inherit',
});
if (tsc.status !== 0) {
  console.error('web/build: tsc failed');
  process.exit(tsc.status ?? 1);
}

cpSync(join(tscDir, 'web', 'src'), outDir, { recursive: true });
rmSync(tscDir, { recursive: true, force: true });
mkdirSync(join(outDir, 'vendor'), { recursive: true });
for (const file of ['index.html', 'styles.css']) copyFileSync(join(webDir, file), join(outDir, file));

// Chart.js names its browser build in package.json ("jsdelivr"/"unpkg": ./dist/chart.umd.min.js in 4.6). Its
// "exports" hide package.json, so the package root is found from its main entry.
let chartRoot = dirname(require.resolve('chart.js'));
while (!existsSync(join(chartRoot, 'package.json'))) chartRoot = dirname(chartRoot);
const chartMeta = JSON.parse(readFileSync(join(chartRoot, 'package.json'), 'utf8'));
const umd = join(chartRoot, chartMeta.jsdelivr ?? 'dist/chart.umd.min.js');
if (!existsSync(umd)) {
  console.error(`web/build: Chart.js ${chartMeta.version} has no UMD build at ${umd}`);
  process.exit(1);
}
copyFileSync(umd, join(outDir, 'vendor', 'chart.umd.js'));
if (existsSync(`${umd}.map`)) copyFileSync(`${umd}.map`, join(outDir, 'vendor', `${umd.split('/').pop()}.map`));

console.log(`web/build: auditor page built in ${outDir} (Chart.js ${chartMeta.version})`);
