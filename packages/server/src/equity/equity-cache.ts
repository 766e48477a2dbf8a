// Per organization, the fitted models and the customers' values, kept while the revenue data
// are unchanged (checked by a signature query on every read, so writes of any process count),
// and the customers' experiences while no response was written.
import type { ClvCustomerValue } from '@touchstone/core';
import type { TCustomerExperience } from './equity-experience.js';
import type { TEquityFit } from './equity-fit.js';

const VALUATIONS_KEPT = 4;

interface TOrganizationEntry {
  revenueSignature: string;
  fit: Promise<TEquityFit>;
  experienceSignature: string | null;
  experience: Promise<Map<string, TCustomerExperience>> | null;
}

/** The process's equity cache, built once by the composition root. */
export class EquityCache {
  private readonly byOrg = new Map<string, TOrganizationEntry>();
  /** Per fit, every customer's values by "horizon|rate", the most recently used last. */
  private readonly valuations = new WeakMap<object, Map<string, ClvCustomerValue[]>>();

  /** The organization's fit for this revenue signature, computing it (once) when it changed. */
  fit(orgId: string, signature: string, compute: () => Promise<TEquityFit>): Promise<TEquityFit> {
    const hit = this.byOrg.get(orgId);
    if (hit?.revenueSignature === signature) return hit.fit;
    const fit = compute();
    this.byOrg.set(orgId, {
      revenueSignature: signature,
      fit,
      experienceSignature: hit?.experienceSignature ?? null,
      experience: hit?.experience ?? null,
    });
    // A failed computation is not kept: the next read tries again.
    fit.catch(() => {
      if (this.byOrg.get(orgId)?.fit === fit) this.byOrg.delete(orgId);
    });
    return fit;
  }

  /** Every customer's values under these options for one fit, kept with it. */
  valuation(fit: object, key: string, compute: () => ClvCustomerValue[]): ClvCustomerValue[] {
    let kept = this.valuations.get(fit);
    if (kept === undefined) {
      kept = new Map();
      this.valuations.set(fit, kept);
    }
    const hit = kept.get(key);
    if (hit !== undefined) {
      kept.delete(key);
      kept.set(key, hit);
      return hit;
    }
    const values = compute();
    kept.set(key, values);
    const oldest = kept.keys().next().value;
    if (kept.size > VALUATIONS_KEPT && oldest !== undefined) kept.delete(oldest);
    return values;
  }

  /** The customers' experiences for this response signature. */
  experience(
    orgId: string,
    signature: string,
    compute: () => Promise<Map<string, TCustomerExperience>>,
  ): Promise<Map<string, TCustomerExperience>> {
    const entry = this.byOrg.get(orgId);
    if (entry?.experienceSignature === signature && entry.experience !== null) {
      return entry.experience;
    }
    const experience = compute();
    if (entry !== undefined) {
      entry.experienceSignature = signature;
      entry.experience = experience;
      experience.catch(() => {
        if (entry.experience === experience) entry.experience = null;
      });
    }
    return experience;
  }
}
