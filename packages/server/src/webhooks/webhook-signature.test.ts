import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signMessage } from './webhook-signature.js';

describe('webhook signatures', () => {
  it('signs as the standardwebhooks reference library does, and it verifies them', () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ type: 'response.completed', data: { id: 'r1', nps: 3 } });
    const id = 'msg_0190f0aa-0000-7000-8000-000000000001';
    const timestamp = Math.floor(Date.now() / 1000);
    const reference = new Webhook(secret).sign(id, new Date(timestamp * 1000), body);
    expect(signMessage(secret, id, timestamp, body)).toBe(reference);
    const headers = {
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signMessage(secret, id, timestamp, body),
    };
    expect(new Webhook(secret).verify(body, headers)).toMatchObject({ data: { nps: 3 } });
    const tampered = body.replace('"nps":3', '"nps":9');
    expect(() => new Webhook(secret).verify(tampered, headers)).toThrow();
  });

  it('issues secrets of 32 random bytes after whsec_', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
