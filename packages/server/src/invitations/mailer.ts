import nodemailer from 'nodemailer';

/** One message to one recipient. */
export interface TMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** A stable Message-ID: a repeated delivery of the same e-mail can be recognised downstream. */
  messageId: string;
}

/** Sends e-mail; resolves once the SMTP server accepted the message. */
export interface TMailer {
  send(mail: TMail): Promise<void>;
  close(): void;
}

/**
 * A mailer over SMTP (nodemailer). One connection per message: sends are spread over job attempts
 * and a dead peer must fail each attempt quickly rather than leave a pooled socket hanging.
 */
export function createSmtpMailer(smtpUrl: string, from: string): TMailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        headers: mail.headers,
        messageId: mail.messageId,
      });
    },
    close: () => transport.close(),
  };
}

/** The domain of the From address, for Message-IDs (`Touchstone <a@b.example>` gives b.example). */
export function mailDomain(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from);
  return match?.[1] ?? 'touchstone.local';
}
