// From transactions to the recency-frequency-monetary summary the BG/NBD and Gamma-Gamma models
// take: per customer x (repeat purchase days), t_x (first to last purchase) and T (first purchase to
// the end of calibration) in weeks, and the mean value of the repeat purchase days.

/** One customer's calibration-period summary; times in weeks. */
export interface ClvCustomerSummary {
  readonly id: string;
  /** Repeat purchase days: distinct purchase days after the first. */
  readonly x: number;
  /** Weeks from the first to the last purchase day. */
  readonly tx: number;
  /** Weeks from the first purchase day to the calibration end. */
  readonly T: number;
  /** Mean value of the repeat purchase days (each day's amounts summed); 0 when x = 0. */
  readonly monetary: number;
}

/** What `addTransaction` did with a transaction. */
export type ClvTransactionOutcome = 'used' | 'after-calibration' | 'non-positive-amount';

const DAYS_PER_WEEK = 7;

/**
 * Collects transactions one at a time (so a file streams through it) and summarises them against a
 * calibration end. Days are whole days on any fixed origin (e.g. days since 1970-01-01 UTC):
 * several transactions of one customer on one day are one purchase day, their amounts summed.
 * Transactions after the calibration end are not used. A zero or negative amount (a free item, a
 * refund) carries no spend, so it makes no purchase day and is not used either; both are counted.
 * A customer none of whose calibration-period transactions has a positive amount was still
 * acquired: they stay in the base as seen once (x = 0, t_x = 0, T from their first transaction,
 * monetary 0), since leaving them out would overstate how often the base buys again. (The CDNOW
 * reference summaries keep such customers too.)
 */
export class ClvSummaryBuilder {
  /** Per customer: their first calibration-period day of any amount, and the value of each purchase day. */
  private readonly customers = new Map<string, { firstSeen: number; days: Map<number, number> }>();
  private readonly counts: Record<ClvTransactionOutcome, number> = {
    used: 0,
    'after-calibration': 0,
    'non-positive-amount': 0,
  };

  constructor(readonly calibrationEndDay: number) {}

  /** Adds one transaction; returns whether it was used and, if not, why. */
  addTransaction(customerId: string, day: number, amount: number): ClvTransactionOutcome {
    const outcome: ClvTransactionOutcome =
      day > this.calibrationEndDay
        ? 'after-calibration'
        : amount > 0
          ? 'used'
          : 'non-positive-amount';
    this.counts[outcome] += 1;
    if (outcome === 'after-calibration') return outcome;
    let customer = this.customers.get(customerId);
    if (customer === undefined) {
      customer = { firstSeen: day, days: new Map() };
      this.customers.set(customerId, customer);
    } else if (day < customer.firstSeen) {
      customer.firstSeen = day;
    }
    if (outcome === 'used') customer.days.set(day, (customer.days.get(day) ?? 0) + amount);
    return outcome;
  }

  /** How many transactions had each outcome so far. */
  outcomeCounts(): Readonly<Record<ClvTransactionOutcome, number>> {
    return { ...this.counts };
  }

  /** One summary per customer seen up to the calibration end, in the order they first appeared. */
  summaries(): ClvCustomerSummary[] {
    const result: ClvCustomerSummary[] = [];
    for (const [id, { firstSeen, days: byDay }] of this.customers) {
      if (byDay.size === 0) {
        result.push({
          id,
          x: 0,
          tx: 0,
          T: (this.calibrationEndDay - firstSeen) / DAYS_PER_WEEK,
          monetary: 0,
        });
        continue;
      }
      let first = Number.POSITIVE_INFINITY;
      let last = Number.NEGATIVE_INFINITY;
      let total = 0;
      for (const [day, amount] of byDay) {
        if (day < first) first = day;
        if (day > last) last = day;
        total += amount;
      }
      const x = byDay.size - 1;
      // The first day's value is left out: the spend model describes repeat purchases.
      const monetary = x === 0 ? 0 : (total - (byDay.get(first) ?? 0)) / x;
      result.push({
        id,
        x,
        tx: (last - first) / DAYS_PER_WEEK,
        T: (this.calibrationEndDay - first) / DAYS_PER_WEEK,
        monetary,
      });
    }
    return result;
  }
}
