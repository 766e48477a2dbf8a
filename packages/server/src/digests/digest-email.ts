/**
 * The weekly digest e-mail: HTML and text of the same content. Figures are written as the
 * dashboard writes them: NPS in signed points, CSAT as a percentage, CES with two decimals;
 * changes of NPS and of percentages in points, ▲ / ▼ only for a significant rise or fall.
 */
import type { TComparison, TMetricResult } from '@touchstone/core';
import { escapeHtml, type TRenderedEmail } from '../invitations/invitation-email.js';
import type { TDigestAlert, TDigestContent, TDigestFigure } from './digest-content.js';

const METRIC_LABELS: Record<string, string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES' };
/** Where a person changes the digest's settings. */
export const DIGEST_SETTINGS_PATH = '/notifications';

/** A figure in its unit, as the dashboard's tiles show it. */
export function formatFigure(value: number, unit: string): string {
  switch (unit) {
    case 'points':
      return `${value > 0 ? '+' : ''}${value.toFixed(1)}`;
    case 'share':
      return `${(value * 100).toFixed(1)}%`;
    case 'count':
      return String(Math.round(value));
    default:
      return value.toFixed(2);
  }
}

/** A difference in its unit: NPS and shares in points, means as numbers. */
export function formatChange(difference: number, unit: string): string {
  const sign = difference > 0 ? '+' : difference < 0 ? '−' : '';
  const size = Math.abs(difference);
  if (unit === 'points') return `${sign}${size.toFixed(1)} pts`;
  if (unit === 'share') return `${sign}${(size * 100).toFixed(1)} pts`;
  return `${sign}${size.toFixed(2)}`;
}

function resultText(result: TMetricResult): string {
  if (result.status === 'ok') return formatFigure(result.value, result.unit);
  if (result.status === 'insufficient-data') return 'Insufficient data';
  return 'No answers';
}

/** The change in words and its mark: `▲ +12.0 pts`, `+1.0 pts (not significant)`, or why none. */
export function changeText(change: TComparison | null, unit: string): string {
  if (change === null || change.status !== 'ok' || change.difference === null) {
    return 'No comparison';
  }
  const text = formatChange(change.difference, unit);
  if (!change.significant) return `${text} (not significant)`;
  return `${change.difference > 0 ? '▲' : '▼'} ${text}`;
}

function unitOf(figure: TDigestFigure): string {
  if (figure.current.status === 'ok') return figure.current.unit;
  if (figure.previous.status === 'ok') return figure.previous.unit;
  return figure.metric === 'nps' ? 'points' : figure.metric === 'csat' ? 'share' : 'scale';
}

/** The dashboard's links for a digest's scope. */
export function digestLinks(content: TDigestContent) {
  const scoped = (params: Record<string, string>) => {
    const search = new URLSearchParams(params);
    for (const id of content.touchpointIds) search.append('touchpointId', id);
    return search.toString();
  };
  const { from, to } = content.window;
  return {
    overview: `/?${scoped({ interval: 'week', to })}`,
    trends: (metric: string) => `/analytics/trends?${scoped({ metric, interval: 'week' })}`,
    responses: (metric: string, n: number) =>
      `/analytics/responses?${scoped({ from, to, metric, n: String(n) })}`,
    alerts: '/alerts',
    alert: (id: string) => `/alerts/${id}`,
    cases: '/cases?view=mine',
  };
}

function alertValue(value: number, metric: string): string {
  return metric === 'nps' ? value.toFixed(0) : value.toFixed(2);
}

function alertLine(alert: TDigestAlert): string {
  const mark = alert.direction === 'down' ? '▼' : '▲';
  return `${mark} ${alert.measure}, ${alert.scope}: ${alertValue(alert.before, alert.metric)} → ${alertValue(alert.after, alert.metric)} from ${alert.changeDate}`;
}

const CELL_STYLE = 'padding:4px 8px;border-bottom:1px solid #ddd;text-align:left';
const CELL = `style="${CELL_STYLE}"`;

/** The change cell, in the dashboard's colours when the change is significant. */
function changeCell(text: string): string {
  if (text.startsWith('▲')) return `style="${CELL_STYLE};color:#1d6b3a;font-weight:600"`;
  if (text.startsWith('▼')) return `style="${CELL_STYLE};color:#a4262c;font-weight:600"`;
  return CELL;
}
const LEGEND =
  '▲ significant rise, ▼ significant fall (p adjusted for the number of tests); changes of NPS and of percentages are in percentage points (pts).';

/** Renders a digest; `preview` marks an e-mail sent on request, outside the weekly schedule. */
export function renderDigestEmail(
  content: TDigestContent,
  baseUrl: string,
  options: { preview: boolean },
): TRenderedEmail {
  const links = digestLinks(content);
  const url = (path: string) => `${baseUrl}${path}`;
  const href = (path: string) => escapeHtml(url(path));
  const { from, to, previousFrom, previousTo } = content.window;
  const subject = `${options.preview ? 'Preview: ' : ''}Your weekly Touchstone digest, ${from} to ${to}`;
  const intro = `Hello ${content.name}, here is the week for ${content.scopeText}.`;

  const rows = content.figures.map((f) => {
    const label = METRIC_LABELS[f.metric] ?? f.metric;
    const unit = unitOf(f);
    const drill =
      f.current.status === 'ok' && f.current.n > 0
        ? `<a href="${href(links.responses(f.metric, f.current.n))}">${f.current.n}</a>`
        : String(f.current.n);
    return [
      `<tr data-metric="${f.metric}">`,
      `<th ${CELL}><a href="${href(links.trends(f.metric))}">${label}</a></th>`,
      `<td ${CELL}>${escapeHtml(resultText(f.current))}</td>`,
      `<td ${CELL}>${drill}</td>`,
      `<td ${CELL}>${escapeHtml(resultText(f.previous))}</td>`,
      `<td ${CELL}>${f.previous.n}</td>`,
      `<td ${changeCell(changeText(f.change, unit))}>${escapeHtml(changeText(f.change, unit))}</td>`,
      '</tr>',
    ].join('');
  });
  const table = [
    '<table style="border-collapse:collapse;margin:0 0 8px" aria-label="Scorecard">',
    `<tr><th ${CELL}>Metric</th><th ${CELL}>${from} to ${to}</th><th ${CELL}>n</th>`,
    `<th ${CELL}>${previousFrom} to ${previousTo}</th><th ${CELL}>n</th><th ${CELL}>Change</th></tr>`,
    ...rows,
    '</table>',
    `<p style="color:#666;font-size:13px">${escapeHtml(LEGEND)}</p>`,
  ].join('');

  const alertsHtml =
    content.openAlerts === 0
      ? '<p>No open alerts.</p>'
      : [
          '<ul>',
          ...content.alerts.map(
            (a) => `<li><a href="${href(links.alert(a.id))}">${escapeHtml(alertLine(a))}</a></li>`,
          ),
          '</ul>',
          content.openAlerts > content.alerts.length
            ? `<p><a href="${href(links.alerts)}">All ${content.openAlerts} open alerts</a></p>`
            : '',
        ].join('');
  const casesHtml =
    content.openCases > 0
      ? `<h2 style="font-size:18px">Your cases</h2><p><a href="${href(links.cases)}">${content.openCases} open ${content.openCases === 1 ? 'case' : 'cases'} assigned to you</a></p>`
      : '';
  const settingsUrl = url(DIGEST_SETTINGS_PATH);
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#222;max-width:680px">',
    `<p>${escapeHtml(intro)}</p>`,
    '<h2 style="font-size:18px">Scorecard: the last 7 days against the 7 before</h2>',
    table,
    `<h2 style="font-size:18px">Open alerts (${content.openAlerts})</h2>`,
    alertsHtml,
    casesHtml,
    `<p><a href="${href(links.overview)}">Open the overview</a> · <a href="${href(links.alerts)}">Alerts</a></p>`,
    '<p style="color:#666;font-size:13px">You receive this weekly digest because you subscribed ',
    `to it in Touchstone. <a href="${escapeHtml(settingsUrl)}">Change or stop it</a>.</p>`,
    '</body></html>',
  ].join('');

  const text = [
    intro,
    '',
    `Scorecard: ${from} to ${to} against ${previousFrom} to ${previousTo}`,
    ...content.figures.map((f) => {
      const label = METRIC_LABELS[f.metric] ?? f.metric;
      return `${label}: ${resultText(f.current)} (n ${f.current.n}); before ${resultText(f.previous)} (n ${f.previous.n}); ${changeText(f.change, unitOf(f))}. ${url(links.trends(f.metric))}`;
    }),
    LEGEND,
    '',
    `Open alerts (${content.openAlerts}):`,
    ...(content.openAlerts === 0
      ? ['No open alerts.']
      : content.alerts.map((a) => `${alertLine(a)}\n  ${url(links.alert(a.id))}`)),
    ...(content.openAlerts > content.alerts.length
      ? [`All ${content.openAlerts} open alerts: ${url(links.alerts)}`]
      : []),
    ...(content.openCases > 0
      ? ['', `Your open cases: ${content.openCases}. ${url(links.cases)}`]
      : []),
    '',
    `Overview: ${url(links.overview)}`,
    '--',
    `Change or stop this digest: ${settingsUrl}`,
    '',
  ].join('\n');
  return { subject, html, text };
}
