// Customer lifetime value: BG/NBD purchases, Gamma-Gamma spend, and their summary of transactions.
export * from './clv-bgnbd.js';
export * from './clv-bgnbd-expectations.js';
export * from './clv-gamma-gamma.js';
export * from './clv-summary.js';
export * from './clv-value.js';
export * from './nelder-mead.js';
