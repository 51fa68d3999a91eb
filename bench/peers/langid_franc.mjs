// Language-ID peer for bench/eval-langid: franc 6 (npm), its default
// language set (minLength 10 as default; shorter texts give "und").
//   node langid_franc.mjs FILE...   each FILE a TSV named after its language
//   (text in column 3); prints "RESULT franc LANG N CORRECT" per file and
//   "SPEED franc TEXTS SECONDS" (franc() calls only, after module load).
// franc answers ISO 639-3; the 17 evaluated languages are mapped to 639-1.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { franc } from 'franc';

const to1 = {
  ces: 'cs', deu: 'de', eng: 'en', spa: 'es', fin: 'fi', fra: 'fr', ind: 'id', isl: 'is',
  ita: 'it', jpn: 'ja', pol: 'pl', por: 'pt', rus: 'ru', swe: 'sv', tha: 'th', cmn: 'zh',
  vie: 'vi',
};

franc('warm up the trigram tables');
let total = 0;
let secs = 0;
for (const path of process.argv.slice(2)) {
  const lang = basename(path).split('_')[0].split('.')[0];
  const items = readFileSync(path, 'utf8').split('\n')
    .map((l) => l.replace(/\r$/, '').split('\t'))
    .filter((c) => c.length >= 3)
    .map((c) => c[2]);
  const t0 = process.hrtime.bigint();
  let correct = 0;
  for (const t of items) {
    const c = franc(t);
    if ((to1[c] || c) === lang) correct++;
  }
  secs += Number(process.hrtime.bigint() - t0) / 1e9;
  total += items.length;
  console.log(`RESULT franc ${lang} ${items.length} ${correct}`);
}
console.log(`SPEED franc ${total} ${secs.toFixed(4)}`);
