/**
 * Respondent-facing server routes: the page shell and its CSP, the built assets, QR codes of
 * touchpoints, widget configuration (admin and public) and CORS on the public API.
 */
import zlib from 'node:zlib';
import { beforeAll, expect, it } from 'vitest';
import { ensureWidgetBuild } from '../../test/e2e/respondent-server.js';
import { describeEachDatabase, type TTestEnv } from '../../test/harness.js';
import { surveyLink } from './survey-link.js';

const DEFINITION = {
  defaultLanguage: 'en',
  languages: ['en'],
  title: { en: 'Lounge visit' },
  thankYou: { en: 'Thank you!' },
  questions: [{ id: 'nps', type: 'nps', text: { en: 'Would you recommend the lounge?' } }],
};

async function created(env: TTestEnv, url: string, payload: object) {
  const res = await env.as('owner', { method: 'POST', url, payload });
  if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json<{ id: string; slug: string; key: string; publicKey: string }>();
}

async function touchpoint(env: TTestEnv, key: string) {
  const journey = await created(env, '/api/journeys', {
    name: `Journey ${key}`,
    stages: [{ name: 'Airport', phase: 'sales' }],
  });
  const read = await env.as('owner', { method: 'GET', url: `/api/journeys/${journey.id}` });
  const stageId = read.json<{ stages: { id: string }[] }>().stages[0]?.id;
  return created(env, '/api/touchpoints', {
    key,
    name: 'Lounge bar',
    stageId,
    channel: 'on-site',
    providerType: 'spatial-environment',
  });
}

async function survey(env: TTestEnv, slug: string, status: 'draft' | 'live' | 'closed') {
  const made = await created(env, '/api/surveys', { name: slug, slug, definition: DEFINITION });
  for (const next of status === 'draft' ? [] : status === 'live' ? ['live'] : ['live', 'closed']) {
    const res = await env.as('owner', {
      method: 'PATCH',
      url: `/api/surveys/${made.id}`,
      payload: { status: next },
    });
    if (res.statusCode !== 200) throw new Error(`status ${next}: ${res.body}`);
  }
  return made;
}

// The asset routes serve packages/widget/dist.
beforeAll(() => ensureWidgetBuild(), 120_000);

describeEachDatabase('respondent routes', (env) => {
  it('serves the page shell with a strict CSP, 404 for unknown or draft, 410 closed', async () => {
    await survey(env(), 'page-live', 'live');
    await survey(env(), 'page-draft', 'draft');
    await survey(env(), 'page-closed', 'closed');
    const live = await env().app.inject({ method: 'GET', url: '/s/page-live' });
    expect(live.statusCode).toBe(200);
    expect(live.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(live.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    // The script and stylesheet by their hashed names, served compressed and cached for a year.
    const script = /<script src="(\/assets\/respondent-[\w-]{12}\.js)" defer><\/script>/.exec(
      live.body,
    )?.[1];
    const style = /href="(\/assets\/respondent-[\w-]{12}\.css)"/.exec(live.body)?.[1];
    expect(script).toBeDefined();
    expect(style).toBeDefined();
    for (const url of [script ?? '', style ?? '']) {
      const asset = await env().app.inject({
        method: 'GET',
        url,
        headers: { 'accept-encoding': 'gzip, br' },
      });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['content-encoding']).toBe('br');
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    const stale = await env().app.inject({
      method: 'GET',
      url: '/assets/respondent-AAAAAAAAAAAA.js',
    });
    expect(stale.statusCode).toBe(404);
    // Nothing in the shell points at another host.
    expect(live.body).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect((await env().app.inject({ method: 'GET', url: '/s/page-draft' })).statusCode).toBe(404);
    expect((await env().app.inject({ method: 'GET', url: '/s/no-such-survey' })).statusCode).toBe(
      404,
    );
    expect((await env().app.inject({ method: 'GET', url: '/s/page-closed' })).statusCode).toBe(410);
  });

  it('puts the touchpoint of the link into the page, escaped, for {{touchpoint.name}}', async () => {
    await survey(env(), 'page-touchpoint', 'live');
    await touchpoint(env(), 'page-lounge');
    const page = await env().app.inject({
      method: 'GET',
      url: '/s/page-touchpoint?touchpoint=page-lounge&channel=qr',
    });
    expect(page.body).toContain('<meta name="touchstone-touchpoint" content="Lounge bar">');
    const other = await env().app.inject({
      method: 'GET',
      url: '/s/page-touchpoint?touchpoint=%22%3E%3Cscript%3E',
    });
    expect(other.statusCode).toBe(200);
    expect(other.body).not.toContain('touchstone-touchpoint');
    expect(other.body).not.toContain('<script>');
  });

  it("gives the brand's name and style to the page; its CSP admits the https logo's origin only", async () => {
    const brand = await created(env(), '/api/brands', {
      name: 'Aurora Airways',
      promise: { sense: 70, feel: 80, think: 40, act: 50, relate: 60 },
      styleGuide: {
        colors: {
          primary: '#0b5e55',
          secondary: '#2e75b6',
          accent: '#f4b183',
          background: '#ffffff',
          text: '#1a1a1a',
        },
        logoUrl: 'https://cdn.aurora.example/logo.svg',
        fonts: { heading: 'Georgia, serif', body: 'system-ui, sans-serif' },
        toneWords: [],
      },
    });
    const made = await created(env(), '/api/surveys', {
      name: 'Branded',
      slug: 'page-branded',
      brandId: brand.id,
      definition: DEFINITION,
    });
    await env().as('owner', {
      method: 'PATCH',
      url: `/api/surveys/${made.id}`,
      payload: { status: 'live' },
    });
    const page = await env().app.inject({ method: 'GET', url: '/s/page-branded' });
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("img-src 'self' data: https://cdn.aurora.example;");
    const publicSurvey = await env().app.inject({
      method: 'GET',
      url: '/api/public/surveys/page-branded',
    });
    expect(publicSurvey.json()).toMatchObject({
      brandName: 'Aurora Airways',
      style: {
        colors: { primary: '#0b5e55' },
        logoUrl: 'https://cdn.aurora.example/logo.svg',
      },
    });
    // A survey without a brand of its own is seen under the organization's only brand ...
    await survey(env(), 'page-unbranded', 'live');
    const brandNameOf = async (slug: string) =>
      (await env().app.inject({ method: 'GET', url: `/api/public/surveys/${slug}` })).json<{
        brandName: string | null;
      }>().brandName;
    expect(await brandNameOf('page-unbranded')).toBe('Aurora Airways');
    // ... and under none once there are two: no name, images from this host and data: only.
    await created(env(), '/api/brands', {
      name: 'Borealis',
      promise: { sense: 50, feel: 50, think: 50, act: 50, relate: 50 },
    });
    expect(await brandNameOf('page-unbranded')).toBeNull();
    expect(await brandNameOf('page-branded')).toBe('Aurora Airways');
    const plain = await env().app.inject({ method: 'GET', url: '/s/page-unbranded' });
    expect(String(plain.headers['content-security-policy'])).toContain("img-src 'self' data:;");
  });

  it('serves the widget script to other origins, with an ETag', async () => {
    const res = await env().app.inject({ method: 'GET', url: '/widget.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const again = await env().app.inject({
      method: 'GET',
      url: '/widget.js',
      headers: { 'if-none-match': String(res.headers['etag']) },
    });
    expect(again.statusCode).toBe(304);
    const css = await env().app.inject({ method: 'GET', url: '/assets/respondent.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('sends the widget script compressed when the request accepts it, the same bytes unpacked', async () => {
    const plain = await env().app.inject({
      method: 'GET',
      url: '/widget.js',
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['vary']).toBe('accept-encoding');
    const br = await env().app.inject({
      method: 'GET',
      url: '/widget.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.rawPayload).equals(plain.rawPayload)).toBe(true);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    const gzip = await env().app.inject({
      method: 'GET',
      url: '/widget.js',
      headers: { 'accept-encoding': 'gzip;q=1, br;q=0' },
    });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gzip.rawPayload).equals(plain.rawPayload)).toBe(true);
    // Each coding has its own entity tag, so a cache never mixes them up.
    expect(new Set([plain, br, gzip].map((r) => r.headers['etag'])).size).toBe(3);
  });

  it('QR codes encode the survey link at the touchpoint, as PNG and SVG', async () => {
    const s = await survey(env(), 'qr-survey', 'live');
    const t = await touchpoint(env(), 'qr-lounge');
    const png = await env().as('viewer', {
      method: 'GET',
      url: `/api/touchpoints/${t.id}/qr.png?surveyId=${s.id}`,
    });
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect([...png.rawPayload.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    // IHDR: width and height at bytes 16-23; the default edge is 512 px.
    expect(png.rawPayload.readUInt32BE(16)).toBe(512);
    expect(png.rawPayload.readUInt32BE(20)).toBe(512);
    const small = await env().as('viewer', {
      method: 'GET',
      url: `/api/touchpoints/${t.id}/qr.png?surveyId=${s.id}&size=200`,
    });
    expect(small.rawPayload.readUInt32BE(16)).toBe(200);

    const svg = await env().as('viewer', {
      method: 'GET',
      url: `/api/touchpoints/${t.id}/qr.svg?surveyId=${s.id}`,
    });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(svg.body).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+"/);
    expect(svg.body).toMatch(/<path [^>]*d="M[^"]{200,}"/);

    expect(surveyLink('http://localhost:80', 'qr-survey', 'qr-lounge')).toBe(
      'http://localhost:80/s/qr-survey?touchpoint=qr-lounge&channel=qr',
    );
    expect(surveyLink('https://cx.example.com/', 'qr-survey', 'lounge-bar', 'link')).toBe(
      'https://cx.example.com/s/qr-survey?touchpoint=lounge-bar&channel=link',
    );
  });

  it('QR codes need a survey of the organization and hide other organizations', async () => {
    const s = await survey(env(), 'qr-checks', 'live');
    const t = await touchpoint(env(), 'qr-checks-lounge');
    const noSurvey = await env().as('viewer', {
      method: 'GET',
      url: `/api/touchpoints/${t.id}/qr.svg`,
    });
    expect(noSurvey.statusCode).toBe(422);
    expect(noSurvey.json()).toMatchObject({ error: { details: [{ field: 'query.surveyId' }] } });
    const fromB = await env().as(
      'owner',
      { method: 'GET', url: `/api/touchpoints/${t.id}/qr.svg?surveyId=${s.id}` },
      env().orgB,
    );
    expect(fromB.statusCode).toBe(404);
    const anonymous = await env().app.inject({
      method: 'GET',
      url: `/api/touchpoints/${t.id}/qr.svg?surveyId=${s.id}`,
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
