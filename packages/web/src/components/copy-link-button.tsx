import { useEffect, useState } from 'react';
import { useLocation } from 'react-router';

/**
 * Writes the text to the clipboard. Where the Clipboard API is missing or refused (a page served
 * over plain HTTP, a browser without permission), a selected hidden text area and `copy` do it.
 */
async function copyText(text: string): Promise<boolean> {
  if (window.isSecureContext && typeof navigator.clipboard?.writeText === 'function') {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Refused: try the older way below.
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

/**
 * "Copy link": copies the page's full address, which holds its view (filters, period, choices),
 * and says so in a status that screen readers announce.
 */
export function CopyLinkButton() {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const location = useLocation();
  // A changed view is another link: the status of the last copy no longer applies.
  useEffect(() => setState('idle'), [location.pathname, location.search]);
  const copy = async () => setState((await copyText(window.location.href)) ? 'copied' : 'failed');
  return (
    <span className="copy copy-link">
      <button type="button" className="button" onClick={() => void copy()}>
        Copy link
      </button>
      <span role="status" className="copy-status">
        {state === 'copied'
          ? 'Link copied'
          : state === 'failed'
            ? 'Could not copy: copy the address from the address bar'
            : ''}
      </span>
    </span>
  );
}
