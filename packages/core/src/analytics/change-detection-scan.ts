/**
 * A change scan: every series of every measure tested for one change in mean, p-values adjusted
 * across the whole scan (Holm by default: the chance of any false alarm in a scan stays at most
 * alpha), findings below a practically relevant effect dropped, the rest localised
 * (change-detection-localisation.ts).
 */
import { AnalyticsError } from './analytics-error.js';
import { detectMeanChange } from './change-detection.js';
import type {
  ChangeMeasure,
  ChangeScanInput,
  ChangeScanOptions,
  ChangeScanResult,
  TestedSeries,
} from './change-detection-effects.js';
import { changeEffect, changeScanSettings, isRelevantEffect } from './change-detection-effects.js';
import { groupFindingsAcrossMeasures, standardisedEffect } from './change-detection-grouping.js';
import { localiseFindings } from './change-detection-localisation.js';
import type { ChangeSeries } from './change-detection-series.js';
import { buildChangeSeries } from './change-detection-series.js';
import { adjustPValues } from './multiple-comparisons.js';

/** Runs a change scan over every series of every measure. */
export function scanForChanges(
  input: ChangeScanInput,
  options: ChangeScanOptions = {},
): ChangeScanResult {
  const settings = changeScanSettings(options);
  if (!Number.isInteger(input.weekCount) || input.weekCount < 0) {
    throw new AnalyticsError('invalid-input', `weekCount must be a whole number >= 0`);
  }
  const tested: TestedSeries[] = [];
  const seriesByMeasure = new Map<ChangeMeasure, ChangeSeries[]>();
  let skipped = 0;
  for (const measure of input.measures) {
    const all = buildChangeSeries(measure.atoms, input.attributes, input.weekCount);
    seriesByMeasure.set(measure, all);
    for (const series of all) {
      const test = detectMeanChange(series.weeks, settings);
      if (test.status !== 'ok') {
        skipped += 1;
        continue;
      }
      tested.push({
        series,
        measure,
        changeWeek: test.index,
        statistic: test.statistic,
        pValue: test.pValue,
        adjustedPValue: 1,
        before: test.before,
        after: test.after,
        effect: changeEffect(measure.kind, test.before, test.after, test.sd),
      });
    }
  }
  const adjusted = adjustPValues(
    tested.map((t) => t.pValue),
    settings.adjustment,
  ).adjusted;
  tested.forEach((t, i) => (t.adjustedPValue = adjusted[i] ?? 1));
  const rejected = tested.filter((t) => t.adjustedPValue < settings.alpha);
  const significant = rejected.filter((t) => isRelevantEffect(t.measure.kind, t.effect, settings));
  const localised = localiseFindings(significant, {
    seriesByMeasure,
    settings,
    familySize: tested.length,
    firstWeekDay: input.firstWeekDay,
  });
  const findings = groupFindingsAcrossMeasures(localised, settings).sort(
    (a, b) =>
      (a.changeDate < b.changeDate ? 1 : a.changeDate > b.changeDate ? -1 : 0) ||
      standardisedEffect(b) - standardisedEffect(a),
  );
  return {
    findings,
    testedSeries: tested.length,
    skippedSeries: skipped,
    rejectedSeries: rejected.length,
    significantSeries: significant.length,
    settings,
  };
}
