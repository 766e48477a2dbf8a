import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config.js';

describe('webhook settings from the environment', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('reads WEBHOOK_ALLOW_PRIVATE_TARGETS and WEBHOOK_TIMEOUT_MS', () => {
    vi.stubEnv('WEBHOOK_ALLOW_PRIVATE_TARGETS', '');
    expect(loadConfig()).toMatchObject({
      webhookAllowPrivateTargets: 'none',
      webhookTimeoutMs: 10_000,
    });
    const cases: [string, string][] = [
      ['false', 'none'],
      ['true', 'all'],
      ['TRUE', 'all'],
      ['loopback', 'loopback'],
    ];
    for (const [text, policy] of cases) {
      vi.stubEnv('WEBHOOK_ALLOW_PRIVATE_TARGETS', text);
      expect(loadConfig().webhookAllowPrivateTargets, text).toBe(policy);
    }
    vi.stubEnv('WEBHOOK_TIMEOUT_MS', '2500');
    expect(loadConfig().webhookTimeoutMs).toBe(2500);
  });

  it('refuses a value it does not know instead of guessing', () => {
    vi.stubEnv('WEBHOOK_ALLOW_PRIVATE_TARGETS', 'yes');
    expect(() => loadConfig()).toThrow(/webhookAllowPrivateTargets/);
    vi.stubEnv('WEBHOOK_ALLOW_PRIVATE_TARGETS', 'false');
    vi.stubEnv('WEBHOOK_TIMEOUT_MS', '0');
    expect(() => loadConfig()).toThrow(/webhookTimeoutMs/);
  });
});
