/**
 * The widget's slide-in: a dialog in a shadow root (so the host page's styles neither reach in
 * nor out), focus moved in on open and given back on close, Escape and a close button to close.
 */
import { el } from './dom.js';
import type { TMessages } from './messages.js';

/** An open slide-in; `body` receives the survey. */
export interface TSlideIn {
  body: HTMLElement;
  panel: HTMLElement;
  /** Names the dialog after the survey title once it is rendered. */
  labelBy(id: string): void;
  close(): void;
}

function adoptStyles(shadow: ShadowRoot, css: string): void {
  // A constructed sheet is not an inline <style>, so a host page's CSP does not block it.
  if ('adoptedStyleSheets' in shadow && typeof CSSStyleSheet === 'function') {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      shadow.adoptedStyleSheets = [sheet];
      return;
    } catch {
      // Older engines: fall through to a <style> element.
    }
  }
  shadow.append(el('style', {}, css));
}

/** Opens the slide-in at the bottom of the page; `onClose` hears when it is closed. */
export function openSlideIn(css: string, m: TMessages, onClose: () => void): TSlideIn {
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const host = el('div', { 'data-touchstone-widget': '' });
  const shadow = host.attachShadow({ mode: 'open' });
  adoptStyles(shadow, css);
  const closeButton = el(
    'button',
    { type: 'button', class: 'ts-close', 'aria-label': m.close },
    el('span', { 'aria-hidden': 'true' }, '×'),
  );
  const body = el('div', { class: 'ts-widget-body' });
  const panel = el(
    'div',
    { class: 'ts-widget', role: 'dialog', 'aria-modal': 'false' },
    closeButton,
    body,
  );
  shadow.append(panel);
  document.body.append(host);

  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    host.remove();
    document.removeEventListener('keydown', onKey, true);
    if (previous?.isConnected) previous.focus();
    onClose();
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open) {
      event.stopPropagation();
      close();
    }
  };
  document.addEventListener('keydown', onKey, true);
  closeButton.addEventListener('click', close);
  // Next frame, so the slide-in transition starts from the off-screen position.
  requestAnimationFrame(() => panel.classList.add('ts-open'));
  return {
    body,
    panel,
    labelBy: (id) => panel.setAttribute('aria-labelledby', id),
    close,
  };
}
