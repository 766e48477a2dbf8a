import { describe, expect, it } from 'vitest';
import {
  contrastRatio,
  resolveTheme,
  SAFE_BACKGROUND,
  SAFE_TEXT,
  type TThemeSource,
} from './theme.js';

function guide(colors: Partial<TThemeSource['colors']>): TThemeSource {
  return {
    colors: {
      primary: '#1f4e79',
      secondary: '#2e75b6',
      accent: '#f4b183',
      background: '#ffffff',
      text: '#1a1a1a',
      ...colors,
    },
    logoUrl: null,
    fonts: { heading: 'Georgia, serif', body: 'Inter' },
  };
}

describe('contrastRatio', () => {
  it('matches the WCAG definition at known points', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    // #767676 on white is the classic lightest AA grey: 4.54:1.
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#ffffff', '#767676')).toBeCloseTo(4.54, 2);
  });
});

describe('resolveTheme', () => {
  it('keeps a brand pair that passes AA', () => {
    const theme = resolveTheme(
      guide({ text: '#222222', background: '#fdf6e3', primary: '#0b5e55' }),
    );
    expect(theme).toMatchObject({ text: '#222222', background: '#fdf6e3', primary: '#0b5e55' });
    expect(theme.onPrimary).toBe('#ffffff');
    expect(theme.bodyFont.startsWith('Inter, ')).toBe(true);
  });

  it('falls back to the safe pair when text on background fails AA', () => {
    const theme = resolveTheme(guide({ text: '#aaaaaa', background: '#ffffff' }));
    expect([theme.text, theme.background]).toEqual([SAFE_TEXT, SAFE_BACKGROUND]);
  });

  it('replaces a primary colour too light for controls, and dark text on a light primary', () => {
    const pale = resolveTheme(guide({ primary: '#fff3b0', secondary: '#ffe0e0' }));
    expect(pale.primary).toBe('#1f4e79');
    const yellow = resolveTheme(
      guide({ background: '#000000', text: '#ffffff', primary: '#ffd60a' }),
    );
    expect(yellow.primary).toBe('#ffd60a');
    expect(yellow.onPrimary).toBe(SAFE_TEXT);
    expect(contrastRatio(yellow.onPrimary, yellow.primary)).toBeGreaterThanOrEqual(4.5);
  });

  it('gives every pair it returns enough contrast, whatever the brand', () => {
    const hex = (n: number) => `#${n.toString(16).padStart(6, '0')}`;
    for (let i = 0; i < 500; i++) {
      // A deterministic spread of colours over the whole cube.
      const pick = (k: number) => hex((i * 2654435761 * (k + 1)) % 0xffffff);
      const theme = resolveTheme(
        guide({ text: pick(0), background: pick(1), primary: pick(2), secondary: pick(3) }),
      );
      expect(contrastRatio(theme.text, theme.background)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(theme.muted, theme.background)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(theme.error, theme.background)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(theme.onPrimary, theme.primary)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(theme.primary, theme.background)).toBeGreaterThanOrEqual(3);
    }
  });

  it('refuses font values that could break out of the declaration', () => {
    const theme = resolveTheme({
      ...guide({}),
      fonts: { heading: 'x; } body { color: red', body: '' },
    });
    expect(theme.headingFont).not.toContain(';');
    expect(theme.bodyFont).toContain('system-ui');
  });
});
