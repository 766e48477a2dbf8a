import { DEFAULT_STYLE_GUIDE } from '@touchstone/core';
import { describe, expect, it } from 'vitest';
import { pickLanguage } from './eligibility.js';
import { renderInvitationEmail, type TInvitationEmailInput } from './invitation-email.js';

const input: TInvitationEmailInput = {
  kind: 'invitation',
  language: 'en',
  message: { subject: 'How was "your" stay?', intro: 'Line one\nline two\n\nSecond <b>para</b>' },
  surveyTitle: 'Stay & sleep',
  customerName: '<script>alert(1)</script>',
  brandName: 'Aurora',
  style: {
    ...DEFAULT_STYLE_GUIDE,
    colors: { ...DEFAULT_STYLE_GUIDE.colors, primary: '#aa0000' },
    logoUrl: 'https://cdn.example/logo.png',
    fonts: { heading: 'Georgia; } body { display:none', body: 'Inter, sans-serif' },
  },
  surveyUrl: 'https://cx.example/s/stay?t=abc',
  unsubscribeUrl: 'https://cx.example/u/abc',
  nps: null,
};

describe('renderInvitationEmail', () => {
  it('escapes every text from people and keeps style values inside their CSS', () => {
    const { subject, html, text } = renderInvitationEmail(input);
    expect(subject).toBe('How was "your" stay?');
    expect(html).toContain('<title>How was &#34;your&#34; stay?</title>');
    expect(html).toContain('Hello &#60;script&#62;alert(1)&#60;/script&#62;,');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Line one<br>line two</p>');
    expect(html).toContain('Second &#60;b&#62;para&#60;/b&#62;</p>');
    expect(html).toContain('Stay &#38; sleep');
    expect(html).toContain('font-family:Georgia  body  displaynone;');
    expect(html).toContain('border-top:6px solid #aa0000');
    expect(html).toContain('<img src="https://cdn.example/logo.png" alt="Aurora"');
    expect(html).not.toContain('nps=');
    expect(text).toContain('Start the survey: https://cx.example/s/stay?t=abc');
    expect(text).toContain('Unsubscribe: https://cx.example/u/abc');
  });

  it('offers the 0-10 scale as links for NPS surveys, and marks reminders', () => {
    const { subject, html } = renderInvitationEmail({
      ...input,
      kind: 'reminder',
      language: 'de',
      style: { ...input.style, logoUrl: 'data:image/png;base64,AAAA' },
      nps: { question: 'Empfehlen?', minLabel: 'Nie', maxLabel: 'Sicher' },
    });
    expect(subject).toBe('Erinnerung: How was "your" stay?');
    for (let score = 0; score <= 10; score += 1) {
      expect(html).toContain(`href="https://cx.example/s/stay?t=abc&#38;nps=${score}"`);
    }
    expect(html).toContain('>Nie</td>');
    expect(html).toContain('Zur Umfrage');
    expect(html).not.toContain('<img');
  });
});

describe('pickLanguage', () => {
  it('prefers the locale, then its primary language, then the survey default, then the first', () => {
    expect(pickLanguage('de', ['en', 'de'], 'en')).toBe('de');
    expect(pickLanguage('pt-BR', ['en', 'pt'], 'en')).toBe('pt');
    expect(pickLanguage('fr', ['en', 'de'], 'de')).toBe('de');
    expect(pickLanguage(null, ['nl', 'fr'], 'en')).toBe('nl');
  });
});
