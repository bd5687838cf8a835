import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { renderHtmlReport } from '../src/report/html/page.js';
import { buildReportModel, type ReportModel } from '../src/report/view-model.js';
import { openDatabase } from '../src/store/database.js';
import { launchBrowser, openReport, type Browser } from './helpers/browser.js';
import { REPORT_NOW, writeReportHistory } from './helpers/report-db.js';
import { runCli } from './helpers/run-cli.js';

/**
 * The HTML report in real headless Chromium: made by `mcp-health demo` (real servers, real
 * scans), it loads nothing, logs no error, and sorts, filters, searches and shows details;
 * a 10,000-endpoint report stays usable. Screenshots go to test-artifacts/.
 */

const dir = mkdtempSync(join(tmpdir(), 'mcp-health-browser-'));
const ARTIFACTS = resolve('test-artifacts');
let browser: Browser;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
});
after(() => browser.close());

const visibleRows = (page: import('playwright-core').Page) =>
  page.$$eval('#endpoint-rows tr.row', (rows) => rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent ?? '')));
const rowCount = (page: import('playwright-core').Page) => page.textContent('#row-count');

describe('the demo report in Chromium', () => {
  const db = join(dir, 'demo.db');
  const out = join(dir, 'demo.html');

  it('mcp-health demo scans its example fleet and says where the report is', async () => {
    const run = await runCli(['demo', '--db', db, '--out', out, '--runs', '3'], {}, 90_000);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(existsSync(out));
    assert.ok(run.stdout.includes(`html report: file://${out}`), run.stdout);
    assert.match(run.stdout, /run 3: \d+ healthy · \d+ degraded · \d+ dead/);
  });

  it("history names what changed in a tool's contract (the demo's weather server adds a tool, then a required argument)", async () => {
    const database = openDatabase(db);
    const weatherUrl = database.prepare("SELECT url FROM endpoints WHERE name LIKE 'Weather%'").pluck().get() as string;
    database.close();
    const history = await runCli(['history', weatherUrl, '--db', db]);
    assert.equal(history.code, 0, history.stderr);
    assert.match(history.stdout, /\+ get_alerts/);
    assert.match(history.stdout, /~ get_forecast \(inputSchema\)/);
  });

  /** The rows whose status filter is `status`, by endpoint name: robust to a busy machine shifting one verdict. */
  const namesUnder = async (page: import('playwright-core').Page, select: string, value: string) => {
    await page.click('#reset-filters');
    await page.selectOption(select, value);
    return (await visibleRows(page)).map((cells) => cells[1]!);
  };

  it('loads with no console error and no request to anything but its own file', async () => {
    const { page, watch } = await openReport(browser, out);
    assert.deepEqual(watch.errors, []);
    assert.deepEqual(watch.foreignRequests, []);
    assert.match((await page.textContent('.survey')) ?? '', /Of 10 endpoints in run 3/);
    assert.equal(await page.locator('#trends svg[role=img]').count(), 3);
    await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
    await page.close();
  });

  it('sorts, filters by status and reason, and searches', async () => {
    const { page, watch } = await openReport(browser, out);
    assert.equal(await rowCount(page), '10 of 10 endpoints');
    // Default: worst first.
    assert.match((await visibleRows(page))[0]![0]!, /dead/);
    await page.click('th[data-key=handshake] button');
    const handshakes = (await visibleRows(page)).map((cells) => cells[3]!).filter((t) => t !== '–').map((t) => Number(t.replace(/[^\d]/g, '')));
    assert.deepEqual(handshakes, [...handshakes].sort((a, b) => b - a));
    assert.equal(await page.getAttribute('th[data-key=handshake]', 'aria-sort'), 'descending');
    await page.click('th[data-key=url] button');
    const names = (await visibleRows(page)).map((cells) => cells[1]!.toLowerCase());
    assert.deepEqual(names, [...names].sort());

    // Each demo server's verdict by its name (a loaded machine may make another endpoint slow too).
    const dead = await namesUnder(page, '#status-filter', 'dead');
    for (const name of ['Parked page', 'Gone']) assert.ok(dead.some((n) => n.startsWith(name)), `${name} is dead: ${dead.join(' | ')}`);
    assert.ok((await visibleRows(page)).every((cells) => /dead/.test(cells[0]!)));
    assert.deepEqual((await namesUnder(page, '#status-filter', 'auth')).map((n) => n.split(' · ')[0]), ['Protected (OAuth discovery)']);
    assert.ok((await namesUnder(page, '#reason-filter', 'stale_protocol')).some((n) => n.startsWith('Legacy search')));
    await page.click('#reset-filters');
    // A reason in "Why endpoints fail" filters the table.
    await page.click('button.reason-btn[data-reason=slow]');
    assert.equal(await page.inputValue('#reason-filter'), 'slow');
    assert.ok((await visibleRows(page)).some((cells) => cells[1]!.startsWith('Slow notes')));
    assert.ok((await visibleRows(page)).every((cells) => /slow/.test(cells[2]!)));
    await page.click('#reset-filters');

    await page.fill('#search', 'weather');
    await page.waitForFunction(() => document.querySelector('#row-count')?.textContent === '1 of 10 endpoints');
    assert.match((await visibleRows(page))[0]![1]!, /Weather/);
    assert.deepEqual(watch.errors, []);
    await page.close();
  });

  it('a row opens the endpoint detail: history, steps, tools and catalogue drift', async () => {
    const { page, watch } = await openReport(browser, out);
    await page.fill('#search', 'weather');
    await page.waitForFunction(() => document.querySelector('#row-count')?.textContent === '1 of 10 endpoints');
    await page.focus('#endpoint-rows tr.row');
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog#detail[open]');
    const detail = (await page.textContent('#detail-body')) ?? '';
    assert.match(detail, /History \(3 probes\)/);
    assert.match(detail, /Steps of the latest probe/);
    assert.match(detail, /get_forecast/);
    assert.match(detail, /added get_alerts/);
    assert.match(detail, /changed get_forecast \(inputSchema\)/);
    assert.equal(await page.getAttribute('#detail-body a', 'href'), (await page.textContent('#detail-body a'))!);
    await page.screenshot({ path: join(ARTIFACTS, 'report-detail.png') });
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !(document.getElementById('detail') as HTMLDialogElement).open);
    assert.deepEqual(watch.errors, []);
    assert.deepEqual(watch.foreignRequests, []);
    await page.close();
  });
});

describe('report layout and links in Chromium', () => {
  it('printed, the endpoint table ends above the footer (the review: print kept max-height 70vh, and the table ran over it)', async () => {
    // More rows than fit 70% of the window (the screen's cap on the table's height).
    const database = openDatabase(join(dir, 'print.db'));
    writeReportHistory(database);
    const small = buildReportModel(database, { now: REPORT_NOW, sinceIso: null, windowLabel: 'all history' });
    database.close();
    const endpoints = Array.from({ length: 40 }, (_, i) => ({ ...small.endpoints[i % small.endpoints.length]!, url: `https://host-${i}.example/mcp` }));
    const path = join(dir, 'print.html');
    writeFileSync(path, renderHtmlReport({ ...small, endpoints }));
    const { page, watch } = await openReport(browser, path);
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    const box = await page.evaluate(() => {
      const table = document.getElementById('endpoints-table')!.getBoundingClientRect();
      const wrap = document.getElementById('table-wrap')!.getBoundingClientRect();
      const footer = document.querySelector('footer')!.getBoundingClientRect();
      return { tableBottom: table.bottom, wrapBottom: wrap.bottom, footerTop: footer.top, rows: document.querySelectorAll('#endpoint-rows tr.row').length };
    });
    assert.equal(box.rows, 40, 'every row is printed');
    assert.ok(box.tableBottom <= box.wrapBottom + 1, `the table (bottom ${box.tableBottom}) fits its wrapper (bottom ${box.wrapBottom})`);
    assert.ok(box.tableBottom <= box.footerTop, `the table's bottom ${box.tableBottom} is above the footer's top ${box.footerTop}`);
    assert.deepEqual(watch.errors, []);
    await page.close();
  });

  it('a javascript: endpoint URL gets no link in the detail (links come from the view model safeHref)', async () => {
    const database = openDatabase(join(dir, 'links.db'));
    writeReportHistory(database);
    const small = buildReportModel(database, { now: REPORT_NOW, sinceIso: null, windowLabel: 'all history' });
    database.close();
    const bad = { ...small.endpoints[0]!, url: 'javascript:window.__pwned=1//x.example/mcp', name: 'Bad link', href: null };
    const path = join(dir, 'links.html');
    writeFileSync(path, renderHtmlReport({ ...small, endpoints: [bad] }));
    const { page, watch } = await openReport(browser, path);
    await page.click('#endpoint-rows tr.row');
    await page.waitForSelector('dialog#detail[open]');
    assert.equal(await page.locator('#detail-body a').count(), 0);
    assert.match((await page.textContent('#detail-body')) ?? '', /javascript:window\.__pwned=1/);
    assert.deepEqual(watch.errors, []);
    await page.close();
  });
});

describe('a report of 10,000 endpoints in Chromium', () => {
  let path: string;
  let endpoints: number;

  before(() => {
    const database = openDatabase(join(dir, 'big.db'));
    writeReportHistory(database);
    const small: ReportModel = buildReportModel(database, { now: REPORT_NOW, sinceIso: null, windowLabel: 'all history' });
    database.close();
    // The renderer is pure: a model of 10,000 endpoints made from the small one's rows.
    const many = Array.from({ length: 10_000 }, (_, i) => {
      const base = small.endpoints[i % small.endpoints.length]!;
      return { ...base, url: `https://host-${String(i).padStart(5, '0')}.example/mcp`, handshakeMs: base.handshakeMs === null ? null : (i * 37) % 5000 };
    });
    endpoints = many.length;
    path = join(dir, 'big.html');
    writeFileSync(path, renderHtmlReport({ ...small, endpoints: many }));
  });

  it('loads, renders only the rows in view, and sorts, filters and searches over all of them', async () => {
    const started = performance.now();
    const { page, watch } = await openReport(browser, path);
    const loadMs = performance.now() - started;
    assert.equal(await rowCount(page), `10,000 of ${endpoints.toLocaleString('en-US')} endpoints`);
    // Virtualised: a window of rows, not 10,000.
    const inDom = await page.locator('#endpoint-rows tr.row').count();
    assert.ok(inDom > 10 && inDom < 200, `${inDom} rows in the DOM`);

    const timed = async (what: string, action: () => Promise<unknown>) => {
      const t0 = performance.now();
      await action();
      return [what, Math.round(performance.now() - t0)] as const;
    };
    const figures = [
      ['load (navigation to ready)', Math.round(loadMs)] as const,
      await timed('sort by handshake', () => page.click('th[data-key=handshake] button')),
      await timed('filter status=dead', () => page.selectOption('#status-filter', 'dead')),
      await timed('search (after its 150 ms debounce)', async () => {
        await page.selectOption('#status-filter', '');
        await page.fill('#search', 'host-09999');
        await page.waitForFunction(() => document.querySelector('#row-count')?.textContent === '1 of 10,000 endpoints');
      }),
      await timed('scroll to the end', async () => {
        await page.click('#reset-filters');
        await page.$eval('#table-wrap', (el) => el.scrollTo(0, el.scrollHeight));
        // The window has reached the end when the spacer below the rows is gone.
        await page.waitForFunction(() => (document.querySelectorAll('#endpoint-rows tr.spacer')[1] as HTMLElement | undefined)?.hidden === true);
      }),
    ];
    const sorted = (await visibleRows(page)).length;
    assert.ok(sorted > 0);
    // After reset and scrolling to the end, the last row of the worst-first order is a healthy one.
    const last = (await visibleRows(page)).at(-1)!;
    assert.match(last[0]!, /healthy/);
    process.stdout.write(`# 10,000-row report (${(statSync(path).size / 1024 / 1024).toFixed(1)} MiB): ${figures.map(([w, ms]) => `${w} ${ms} ms`).join(' · ')}\n`);
    // A generous bound: a page that blocks for this long is broken, not slow.
    for (const [what, ms] of figures) assert.ok(ms < 20_000, `${what} took ${ms} ms`);
    assert.deepEqual(watch.errors, []);
    assert.deepEqual(watch.foreignRequests, []);
    await page.screenshot({ path: join(ARTIFACTS, 'report-10000.png') });
    await page.close();
  });
});
