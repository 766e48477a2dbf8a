/** The job kinds of cases. */
export const CASE_JOBS = {
  /** Checks one case's SLA targets at its next due time. */
  sla: 'cases.sla',
} as const;
