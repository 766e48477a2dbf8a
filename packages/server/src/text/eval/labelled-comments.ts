// The labelled comments of the evaluation (written for Touchstone), split into a development
// half (for tuning the rules) and a held-out test half (reported, never tuned on).
import { readFileSync } from 'node:fs';
import type { TSentimentLabel } from '../comment-analysis.js';
import { SENTIMENT_LABELS } from '../comment-analysis.js';

export interface TLabelledComment {
  split: 'dev' | 'test';
  label: TSentimentLabel;
  text: string;
}

const FILE = new URL('./labelled-comments.tsv', import.meta.url);

function isLabel(value: string): value is TSentimentLabel {
  return (SENTIMENT_LABELS as readonly string[]).includes(value);
}

/** Every labelled comment, in file order; throws naming the line of a malformed row. */
export function readLabelledComments(): TLabelledComment[] {
  const lines = readFileSync(FILE, 'utf8').split('\n').slice(1);
  const comments: TLabelledComment[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const [split, label, text] = line.split('\t');
    if (
      (split !== 'dev' && split !== 'test') ||
      label === undefined ||
      !isLabel(label) ||
      text === undefined
    ) {
      throw new Error(`labelled-comments.tsv line ${i + 2} is not "split<TAB>label<TAB>text"`);
    }
    comments.push({ split, label, text });
  });
  return comments;
}
