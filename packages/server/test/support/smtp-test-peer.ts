/**
 * A real SMTP server on loopback for tests (smtp-server), capturing every accepted message, and
 * just enough RFC 822 / MIME reading to assert on headers, subjects and links.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface TCapturedMail {
  /** Envelope recipients, as the SMTP peer saw them. */
  to: string[];
  raw: string;
  /** Header values by lower-case name, unfolded (the first of a repeated header). */
  headers: Map<string, string>;
  subject: string;
  html: string;
  text: string;
}

export interface TSmtpPeer {
  url: string;
  port: number;
  messages: TCapturedMail[];
  /** Stops accepting connections: senders get "connection refused". */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
}

function listen(server: SMTPServer, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve((server.server.address() as AddressInfo).port);
    });
  });
}

function createServer(messages: TCapturedMail[]): SMTPServer {
  return new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const to = session.envelope.rcptTo.map((r) => r.address);
        messages.push({ to, raw, ...parseMail(raw) });
        callback();
      });
    },
  });
}

/** Starts a capturing SMTP server on 127.0.0.1 at a free port. */
export async function startSmtpPeer(): Promise<TSmtpPeer> {
  const messages: TCapturedMail[] = [];
  let server = createServer(messages);
  const port = await listen(server, 0);
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    restart: async () => {
      server = createServer(messages);
      await listen(server, port);
    },
  };
}

/** Splits a header block into unfolded name/value pairs. */
function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

/** Decodes quoted-printable (soft line breaks and =XX bytes) as UTF-8. */
export function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i += 1) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`) in a header value. */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _charset, encoding: string, data: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    default:
      return body;
  }
}

/** The text/html and text/plain parts of a (possibly nested multipart) message. */
function collectParts(
  headers: Map<string, string>,
  body: string,
  out: { html: string; text: string },
) {
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.toLowerCase().startsWith('multipart/') && boundary !== undefined) {
    const sections = body.split(`--${boundary}`).slice(1);
    for (const section of sections) {
      if (section.startsWith('--')) break;
      const split = section.indexOf('\r\n\r\n');
      if (split < 0) continue;
      const partHeaders = parseHeaders(section.slice(0, split).replace(/^\r\n/, ''));
      collectParts(partHeaders, section.slice(split + 4).replace(/\r\n$/, ''), out);
    }
    return;
  }
  const decoded = decodeBody(body, headers.get('content-transfer-encoding'));
  if (type.toLowerCase().startsWith('text/html')) out.html += decoded;
  else if (type.toLowerCase().startsWith('text/plain')) out.text += decoded;
}

/** Headers, decoded subject, and the decoded HTML and plain-text parts of a raw message. */
export function parseMail(raw: string): Omit<TCapturedMail, 'to' | 'raw'> {
  const split = raw.indexOf('\r\n\r\n');
  const headers = parseHeaders(raw.slice(0, split));
  const parts = { html: '', text: '' };
  collectParts(headers, raw.slice(split + 4), parts);
  return { headers, subject: decodeHeader(headers.get('subject') ?? ''), ...parts };
}
