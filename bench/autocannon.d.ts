/** The part of autocannon's programmatic API the benchmark uses (the package ships no types). */
declare module 'autocannon' {
  interface TAutocannonRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    setupRequest?: (
      request: TAutocannonRequest,
      context: Record<string, unknown>,
    ) => TAutocannonRequest;
    onResponse?: (
      status: number,
      body: string,
      context: Record<string, unknown>,
      headers: Record<string, string>,
    ) => void;
  }

  interface TAutocannonOptions {
    url: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
    /** Requests per second across all connections (a steady load instead of the most it takes). */
    overallRate?: number;
    headers?: Record<string, string>;
    requests?: TAutocannonRequest[];
  }

  interface THistogramSummary {
    average: number;
    mean: number;
    p50: number;
    p99: number;
    max: number;
    total: number;
  }

  interface TAutocannonResult {
    requests: THistogramSummary;
    latency: THistogramSummary;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    duration: number;
  }

  function autocannon(options: TAutocannonOptions): Promise<TAutocannonResult>;
  export default autocannon;
}
