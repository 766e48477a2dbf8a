/**
 * The brand's style guide as CSS custom properties, with WCAG 2.1 contrast guaranteed: a colour
 * pair that fails AA is replaced by a safe one rather than shown to respondents.
 */

/** The part of a brand style guide the respondent interface uses. */
export interface TThemeSource {
  colors: { primary: string; secondary: string; accent: string; background: string; text: string };
  logoUrl: string | null;
  fonts: { heading: string; body: string };
}

/** The colours and fonts actually applied, every pair checked. */
export interface TTheme {
  text: string;
  background: string;
  /** Buttons, selected options, focus rings: at least 3:1 against the background. */
  primary: string;
  /** Text on the primary colour: at least 4.5:1 against it. */
  onPrimary: string;
  /** Secondary text (help, end labels): at least 4.5:1 against the background. */
  muted: string;
  /** Error messages: red where it reads at 4.5:1, else the text colour (the words carry it). */
  error: string;
  headingFont: string;
  bodyFont: string;
}

export const SAFE_TEXT = '#1a1a1a';
export const SAFE_BACKGROUND = '#ffffff';
const SAFE_PRIMARY = '#1f4e79';
const ERROR_RED = '#b3261e';
const SYSTEM_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

function channel(hex: string, offset: number): number {
  const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
  return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance of a `#rrggbb` colour (WCAG 2.1 definition). */
export function luminance(hex: string): number {
  return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5);
}

/** WCAG contrast ratio of two `#rrggbb` colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const HEX = /^#[0-9a-fA-F]{6}$/;

/** Mixes two colours; used to derive a muted text colour, then checked like any other. */
function mix(a: string, b: string, weight: number): string {
  let out = '#';
  for (const offset of [1, 3, 5]) {
    const value = Math.round(
      parseInt(a.slice(offset, offset + 2), 16) * weight +
        parseInt(b.slice(offset, offset + 2), 16) * (1 - weight),
    );
    out += value.toString(16).padStart(2, '0');
  }
  return out;
}

/** A font-family list with nothing that could end the declaration; else the system font. */
function safeFont(family: string): string {
  const trimmed = family.trim();
  return trimmed !== '' && /^[\w\s,'"-]+$/.test(trimmed)
    ? `${trimmed}, ${SYSTEM_FONT}`
    : SYSTEM_FONT;
}

/** Picks the theme from a style guide, replacing any colour pair that fails WCAG AA. */
export function resolveTheme(source: TThemeSource | null): TTheme {
  const colors = source?.colors;
  const valid = (c: string | undefined): c is string => c !== undefined && HEX.test(c);
  let text = valid(colors?.text) ? colors.text : SAFE_TEXT;
  let background = valid(colors?.background) ? colors.background : SAFE_BACKGROUND;
  if (contrastRatio(text, background) < 4.5) {
    text = SAFE_TEXT;
    background = SAFE_BACKGROUND;
  }
  // Non-text contrast (WCAG 1.4.11) asks 3:1 for controls; fall back to the text colour.
  const candidates = [colors?.primary, colors?.secondary, SAFE_PRIMARY].filter(valid);
  const primary = candidates.find((c) => contrastRatio(c, background) >= 3) ?? text;
  const onPrimary = contrastRatio('#ffffff', primary) >= 4.5 ? '#ffffff' : SAFE_TEXT;
  const softened = mix(text, background, 0.75);
  const muted = contrastRatio(softened, background) >= 4.5 ? softened : text;
  return {
    text,
    background,
    primary,
    onPrimary: contrastRatio(onPrimary, primary) >= 4.5 ? onPrimary : '#000000',
    muted,
    error: contrastRatio(ERROR_RED, background) >= 4.5 ? ERROR_RED : text,
    headingFont: safeFont(source?.fonts.heading ?? ''),
    bodyFont: safeFont(source?.fonts.body ?? ''),
  };
}

/**
 * Sets the theme on an element as custom properties. Through the CSSOM, so a strict CSP that
 * forbids inline style attributes still allows it.
 */
export function applyTheme(root: HTMLElement, theme: TTheme): void {
  const vars: Record<string, string> = {
    '--ts-text': theme.text,
    '--ts-bg': theme.background,
    '--ts-primary': theme.primary,
    '--ts-on-primary': theme.onPrimary,
    '--ts-muted': theme.muted,
    '--ts-error': theme.error,
    '--ts-font-heading': theme.headingFont,
    '--ts-font-body': theme.bodyFont,
  };
  for (const [name, value] of Object.entries(vars)) root.style.setProperty(name, value);
}

/**
 * The logo when it can be shown without a request to another host (a data: image): the widget,
 * on a customer's site, asks nothing of other hosts.
 */
export function inlineLogo(source: TThemeSource | null): string | null {
  const url = source?.logoUrl ?? null;
  return url !== null && url.startsWith('data:image/') ? url : null;
}

/**
 * The logo on the respondent page: a data: image, or an https URL (the page's CSP admits that
 * logo's origin and no other).
 */
export function pageLogo(source: TThemeSource | null): string | null {
  const url = source?.logoUrl ?? null;
  return url !== null && url.startsWith('https://') ? url : inlineLogo(source);
}
