// VADER (npm vader-sentiment) as the lexicon baseline for target tone on
// NewsMTSC: the compound score of the whole sentence, thresholds +-0.05,
// for every target (VADER ignores the target). Prints macro-F1, accuracy,
// per-class F1, the confusion matrix and texts/s.
// Usage: node bench/peers/tone_vader.mjs NEWSMTSC.jsonl
import fs from 'fs';
import { createRequire } from 'module';
const require = createRequire(import.meta.url);
const vader = require('vader-sentiment');

const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.trim());
const conf = [[0, 0, 0], [0, 0, 0], [0, 0, 0]]; // [gold][pred] neg, neu, pos
let n = 0;
const t0 = process.hrtime.bigint();
for (const line of lines) {
  const o = JSON.parse(line);
  const c = vader.SentimentIntensityAnalyzer.polarity_scores(o.sentence_normalized).compound;
  const pred = c >= 0.05 ? 2 : c <= -0.05 ? 0 : 1;
  for (const t of o.targets) {
    const gold = t.polarity < 3 ? 0 : t.polarity > 5 ? 2 : 1;
    conf[gold][pred]++;
    n++;
  }
}
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
let sum = 0, right = 0;
const f1 = [0, 1, 2].map((k) => {
  const tp = conf[k][k];
  const fp = [0, 1, 2].reduce((s, o) => s + (o === k ? 0 : conf[o][k]), 0);
  const fn = [0, 1, 2].reduce((s, o) => s + (o === k ? 0 : conf[k][o]), 0);
  right += tp;
  return tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
});
for (const f of f1) sum += f;
const p = (x) => x.toFixed(4);
console.log(`(c) VADER sentence      macro-F1 ${p(sum / 3)}  accuracy ${p(right / n)}  ` +
  `F1 neg/neu/pos ${f1.map(p).join(' ')}  ${Math.round(lines.length / secs)} sentences/s`);
console.log(`                       confusion [gold neg,neu,pos] x [pred neg,neu,pos]: ` +
  conf.map((r) => r.join(' ')).join(' | '));
