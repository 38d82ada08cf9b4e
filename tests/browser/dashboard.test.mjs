// End-to-end test of the dyad dashboard in headless Chromium.
//
// Builds a store with `dyad ingest` (the sample corpus plus an article full
// of <script> and onerror markup), starts `dyad serve` on a free loopback
// port, and drives the dashboard: events table, actor filter, article view
// (highlights, asserted vs claimed), timeline, network, negotiation tracker,
// and checks that no markup from the data ever runs. Screenshots go to
// target/browser/.
//
// Run: node --test tests/browser/dashboard.test.mjs (after `cargo build --release -p dyad`)
// Env: DYAD (binary, default target/release/dyad), CHROMIUM (default /usr/bin/chromium).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DYAD = process.env.DYAD || join(process.env.CARGO_TARGET_DIR || join(ROOT, 'target'), 'release/dyad');
const OUT = join(ROOT, 'target/browser');
const DB = join(OUT, 'dashboard-test.db');

let server;
let base;
let browser;
let page;
const pageErrors = [];

before(async () => {
  mkdirSync(OUT, { recursive: true });
  for (const f of [DB, DB + '-wal', DB + '-shm']) rmSync(f, { force: true });
  execFileSync(DYAD, ['ingest', '--quiet', '--db', DB, join(ROOT, 'data/samples/corpus.jsonl'), join(ROOT, 'tests/browser/xss-article.jsonl')], { stdio: 'inherit' });
  server = spawn(DYAD, ['serve', '--db', DB, '--addr', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  base = await new Promise((ok, fail) => {
    let buf = '';
    const timer = setTimeout(() => fail(new Error('dyad serve did not start: ' + buf)), 60000);
    server.stdout.on('data', d => {
      buf += d;
      const m = buf.match(/http:\/\/[0-9.:]+\//);
      if (m) { clearTimeout(timer); ok(m[0]); }
    });
    server.on('exit', code => fail(new Error('dyad serve exited with ' + code)));
  });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', e => pageErrors.push(String(e)));
  page.on('console', m => { if (m.type() === 'error') pageErrors.push(m.text()); });
  // Anything the page tries to fetch from elsewhere is a leak (no CDN).
  page.on('request', r => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) pageErrors.push('external request: ' + r.url()); });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill('SIGTERM');
});

const xssFlag = () => page.evaluate(() => window.__xss);

test('the dashboard opens on the event table with data', async () => {
  await page.goto(base);
  await page.waitForSelector('#events-table tbody tr[data-event]');
  const rows = await page.locator('#events-table tbody tr[data-event]').count();
  assert.equal(rows, 50, 'the first page holds 50 events');
  await page.waitForFunction(() => /38 articles/.test(document.getElementById('store-info').textContent));
  const summary = await page.textContent('#events-summary');
  assert.match(summary, /^50 of \d+ events$/);
  await page.click('#more');
  await page.waitForFunction(() => document.querySelectorAll('#events-table tbody tr[data-event]').length > 50);
  await page.screenshot({ path: join(OUT, 'dashboard.png'), fullPage: false });
});

test('filtering by an actor shows only its events', async () => {
  await page.goto(base + '#/events');
  await page.waitForSelector('#f-actor');
  await page.fill('#f-actor', 'TJK');
  await page.click('#apply');
  await page.waitForFunction(() => location.hash.includes('actor=TJK'));
  await page.waitForSelector('#events-table tbody tr[data-event]');
  const sides = await page.$$eval('#events-table tbody tr[data-event]', trs =>
    trs.map(tr => tr.querySelector('.src').textContent + ' ' + tr.querySelector('.tgt').textContent));
  assert.ok(sides.length > 0);
  for (const s of sides) assert.ok(s.includes('TJK'), s);
  const api = await (await fetch(base + 'api/events?actor=TJK&limit=1&total=true')).json();
  const summary = await page.textContent('#events-summary');
  assert.ok(summary.endsWith(' of ' + api.total + ' events'), summary);
  assert.equal(await page.inputValue('#f-actor'), 'TJK', 'the filter stays in the form');
});

test('an article shows highlighted actors and verbs, claimed apart from asserted', async () => {
  await page.goto(base + '#/events?actor=TJK');
  await page.waitForSelector('#events-table .article-link');
  await page.click('#events-table tbody tr[data-event] .article-link');
  await page.waitForSelector('#article-text');
  assert.ok(await page.isVisible('#article-title'));
  assert.ok(await page.locator('#article-text .hl-actor').count() > 0, 'actors highlighted');
  assert.ok(await page.locator('#article-text .hl-verb').count() > 0, 'verbs highlighted');
  // kgtj-001 reports the shootout as both sides tell it (claimed) and what
  // the reporter states (asserted): two lists that look different.
  await page.goto(base + '#/article/kgtj-001');
  await page.waitForFunction(() => document.getElementById('article-title') && document.getElementById('article-title').textContent.includes('Border guards trade fire'));
  assert.ok(await page.locator('#asserted-events li').count() > 0, 'kgtj-001 has asserted events');
  const claimed = page.locator('#claimed-events li');
  assert.ok(await claimed.count() > 0, 'kgtj-001 has claimed events');
  assert.ok(await page.locator('#article-text .hl-verb.hl-claimed').count() > 0, 'claimed verbs are marked as such');
  const badge = claimed.first().locator('.badge');
  assert.match(await badge.textContent(), /claimed|denied|negated|future|hypothetical/);
  const style = await badge.evaluate(b => getComputedStyle(b).borderTopStyle + ' ' + getComputedStyle(b).fontStyle);
  const assertedStyle = await page.evaluate(() => {
    const b = document.querySelector('#legend .st-asserted');
    return getComputedStyle(b).borderTopStyle + ' ' + getComputedStyle(b).fontStyle;
  });
  assert.notEqual(style, assertedStyle, 'claimed and asserted look different');
  // Clicking an event marks its verb in the text.
  await claimed.first().click();
  await page.waitForSelector('#article-text .hl-focus');
  await page.screenshot({ path: join(OUT, 'article.png'), fullPage: true });
});

test('markup in an article is shown as text and never runs', async () => {
  await page.goto(base + '#/articles');
  await page.waitForSelector('#articles-table');
  assert.equal(await xssFlag(), undefined);
  await page.goto(base + '#/article/xss-test');
  await page.waitForSelector('#article-text');
  const text = await page.textContent('#article-text');
  assert.ok(text.includes("<script>window.__xss = 'body'</script>"), 'the script tag is visible as text');
  assert.ok(text.includes('<img src=x onerror='), 'the img tag is visible as text');
  assert.ok((await page.textContent('#article-title')).startsWith('<script>'));
  assert.equal(await page.locator('#app script, #app img, #app b').count(), 0, 'no element was made from the data');
  // The javascript: URL is not made a link.
  assert.equal(await page.locator('#app a[href^="javascript"]').count(), 0);
  await page.screenshot({ path: join(OUT, 'xss-article.png') });
  // Through the event table too (the sentence and doc id are data).
  await page.goto(base + '#/events?doc=xss-test');
  await page.waitForSelector('#events-table tbody tr');
  await page.goto(base + '#/events?text=statement');
  await page.waitForSelector('#events-table tbody tr');
  await page.waitForTimeout(300);
  assert.equal(await xssFlag(), undefined, 'window.__xss was set: markup from an article ran');
});

test('timeline, network and negotiation tracker draw from the store', async () => {
  await page.goto(base + '#/timeline?interval=week&source=KGZ&target=TJK');
  await page.waitForSelector('#timeline-chart rect.bar');
  assert.ok(await page.locator('#timeline-chart rect.bar').count() > 0);
  assert.ok(await page.locator('#dyads tbody tr').count() > 0);
  await page.screenshot({ path: join(OUT, 'timeline.png') });

  await page.goto(base + '#/network');
  await page.waitForSelector('#network .network-edge');
  const kinds = await page.$$eval('#network .network-edge', es => [...new Set(es.map(e => e.getAttribute('class')))]);
  assert.ok(kinds.some(k => k.includes('edge-coop')), 'cooperative edges');
  assert.ok(kinds.some(k => k.includes('edge-conf')), 'conflictual edges');
  await page.click('#network .network-node[data-actor="TJKGOV"], #network .network-node');
  await page.waitForFunction(() => location.hash.startsWith('#/events?'));
  await page.goto(base + '#/network');
  await page.waitForSelector('#network .network-edge');
  await page.screenshot({ path: join(OUT, 'network.png') });

  await page.goto(base + '#/issues');
  await page.waitForSelector('#tracker');
  const issues = await page.$$eval('#tracker tr.issue-row th', ths => ths.map(t => t.textContent));
  assert.ok(issues.includes('CEASEFIRE'), issues.join(','));
  assert.ok(await page.locator('#tracker .stance').count() > 0);
  await page.screenshot({ path: join(OUT, 'issues.png'), fullPage: true });
});

test('pasted text is coded and shown, and not stored', async () => {
  const before = await (await fetch(base + 'api/health')).json();
  await page.goto(base + '#/code');
  await page.fill('#code-text', 'Tajikistan rejected the Kyrgyz proposal for a ceasefire on Monday. <script>window.__xss = "code"</script>');
  await page.fill('#code-date', '2026-03-01');
  await page.click('#code-run');
  await page.waitForSelector('#code-out .ev-list li');
  assert.match(await page.textContent('#code-out .ev-list'), /TJK/);
  assert.ok(await page.locator('#code-out .hl-verb').count() > 0);
  const after = await (await fetch(base + 'api/health')).json();
  assert.deepEqual(after.counts, before.counts);
  assert.equal(await xssFlag(), undefined);
});

test('no script errors and no requests off the server', async () => {
  assert.equal(await xssFlag(), undefined);
  assert.deepEqual(pageErrors, []);
});
