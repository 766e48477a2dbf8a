import { useEffect, useRef } from 'react';
import { CopyButton } from '../../components/copy-button.js';

/** A signing secret, shown this once; focus moves here so that it is not missed. */
export function WebhookSecretOnce({
  secret,
  onDismiss,
}: {
  secret: string;
  onDismiss: () => void;
}) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <section className="card secret" aria-labelledby="webhook-secret-title" tabIndex={-1} ref={ref}>
      <h2 id="webhook-secret-title">Copy the signing secret now</h2>
      <p>
        It is shown only this once. Receivers verify the <code>webhook-signature</code> header with
        it (Standard Webhooks).
      </p>
      <p className="secret-value">
        <code data-testid="webhook-secret">{secret}</code>
        <CopyButton text={secret} label="Copy secret" />
      </p>
      <button type="button" className="button" onClick={onDismiss}>
        I have copied it
      </button>
    </section>
  );
}
