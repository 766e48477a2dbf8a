// Accuracy, macro-F1 and the confusion matrix of a three-class labelling.
import type { TSentimentLabel } from '../comment-analysis.js';
import { SENTIMENT_LABELS } from '../comment-analysis.js';

export interface TClassificationReport {
  n: number;
  accuracy: number;
  macroF1: number;
  /** Per class: precision, recall and F1 (0 when undefined, e.g. a class never predicted). */
  perClass: Record<TSentimentLabel, { precision: number; recall: number; f1: number }>;
  /** `confusion[truth][predicted]` counts. */
  confusion: Record<TSentimentLabel, Record<TSentimentLabel, number>>;
}

function emptyRow(): Record<TSentimentLabel, number> {
  return { negative: 0, neutral: 0, positive: 0 };
}

/** Compares predicted labels with the true ones (same order and length). */
export function classificationReport(
  truth: readonly TSentimentLabel[],
  predicted: readonly TSentimentLabel[],
): TClassificationReport {
  if (truth.length !== predicted.length) {
    throw new Error(`${truth.length} true labels but ${predicted.length} predictions`);
  }
  const confusion = { negative: emptyRow(), neutral: emptyRow(), positive: emptyRow() };
  let correct = 0;
  truth.forEach((label, i) => {
    const guess = predicted[i] ?? 'neutral';
    confusion[label][guess] += 1;
    if (label === guess) correct += 1;
  });
  const perClass = {} as TClassificationReport['perClass'];
  let f1Sum = 0;
  for (const label of SENTIMENT_LABELS) {
    const tp = confusion[label][label];
    const predictedAs = SENTIMENT_LABELS.reduce((sum, t) => sum + confusion[t][label], 0);
    const actual = SENTIMENT_LABELS.reduce((sum, p) => sum + confusion[label][p], 0);
    const precision = predictedAs === 0 ? 0 : tp / predictedAs;
    const recall = actual === 0 ? 0 : tp / actual;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perClass[label] = { precision, recall, f1 };
    f1Sum += f1;
  }
  const n = truth.length;
  return {
    n,
    accuracy: n === 0 ? 0 : correct / n,
    macroF1: f1Sum / SENTIMENT_LABELS.length,
    perClass,
    confusion,
  };
}

/** The report as lines of text: accuracy, macro-F1 and the confusion matrix. */
export function formatReport(title: string, report: TClassificationReport): string {
  const pad = (text: string, width: number): string => text.padStart(width);
  const lines = [
    `${title}: n=${report.n} accuracy=${report.accuracy.toFixed(3)} macro-F1=${report.macroF1.toFixed(3)}`,
    `  truth \\ predicted ${SENTIMENT_LABELS.map((l) => pad(l, 9)).join('')}`,
    ...SENTIMENT_LABELS.map(
      (truth) =>
        `  ${truth.padEnd(17)}${SENTIMENT_LABELS.map((p) => pad(String(report.confusion[truth][p]), 9)).join('')}`,
    ),
  ];
  return lines.join('\n');
}
