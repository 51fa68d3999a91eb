// Builds the dashboard into OUTDIR (default dist/): OUTDIR/assets/app-HASH.js
// and app-HASH.css bundled and minified by esbuild, OUTDIR/index.html from
// the template with those names. Usage: node build.mjs OUTDIR
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = resolve(process.argv[2] || join(here, 'dist'));
const tmp = `${outdir}.tmp-${process.pid}`;

rmSync(tmp, { recursive: true, force: true });
mkdirSync(join(tmp, 'assets'), { recursive: true });
const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: { app: 'src/main.js' },
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'esm',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  outdir: join(tmp, 'assets'),
  entryNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
  legalComments: 'eof',
});
const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
const js = outputs.find((f) => f.endsWith('.js'));
const css = outputs.find((f) => f.endsWith('.css'));
if (!js || !css) throw new Error(`web build: expected one .js and one .css, got ${outputs}`);
const html = readFileSync(join(here, 'index.html'), 'utf8')
  .replace('%APP_JS%', js)
  .replace('%APP_CSS%', css);
writeFileSync(join(tmp, 'index.html'), html);
// Swap the finished tree in so a running server never sees half a build.
rmSync(outdir, { recursive: true, force: true });
renameSync(tmp, outdir);
console.log(`web: ${outdir} (${js}, ${css})`);
