import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startScriptedServer, type ScriptedServer } from './fixtures/scripted-mcp-server.js';
import { launchBrowser, openReport, type Browser } from './helpers/browser.js';
import { runCli } from './helpers/run-cli.js';

/**
 * A server whose name, version, title, tool names and descriptions carry HTML, script, SVG
 * and javascript: payloads and terminal escape sequences (issue 4, "Safe by construction").
 * Scanned for real; the HTML report is opened in Chromium, where no payload may run and no
 * request may leave; the terminal outputs carry no control sequence from the server.
 */

const PAYLOADS = {
  script: '<script>window.__pwned = "script"</script>',
  img: '<img src=x onerror="window.__pwned = \'img\'">',
  svg: '<svg onload="window.__pwned = \'svg\'"><circle r=9 /></svg>',
  closeScript: '</script><script>window.__pwned = "close"</script>',
  jsUrl: 'javascript:window.__pwned="href"',
  attribute: '" onmouseover="window.__pwned = \'attr\'" x="',
  alert: '<iframe src="javascript:alert(1)"></iframe>',
  hyperlink: '\u001b]8;;https://evil.example\u0007click me\u001b]8;;\u0007',
  clear: '\u001b[2J\u001b[31mRED',
  csi: '\u009b31mC1',
  separators: 'line\u2028para\u2029end<!--',
  bidi: 'abc\u202edcba\u2066x\u2069\u200f',
};
const ALL = Object.values(PAYLOADS).join(' ');

const dir = mkdtempSync(join(tmpdir(), 'mcp-health-hostile-'));
let server: ScriptedServer;
let round = 1;
let browser: Browser;

before(async () => {
  browser = await launchBrowser();
  server = await startScriptedServer({
    serverInfo: { name: `${PAYLOADS.script}${PAYLOADS.hyperlink}`, version: `${PAYLOADS.clear}${PAYLOADS.csi}`, title: PAYLOADS.img },
    instructions: ALL,
    override: ({ method }) => {
      if (method !== 'tools/list') return undefined;
      const tools: Array<Record<string, unknown>> = [
        { name: 'ok_tool', title: PAYLOADS.svg, description: ALL, inputSchema: { type: 'object', properties: { [PAYLOADS.attribute]: { type: 'string', description: PAYLOADS.alert } } } },
        // Names that break the naming rules: reported (invalid_tools), quoted in the reason's detail.
        { name: PAYLOADS.closeScript, description: PAYLOADS.jsUrl, inputSchema: { type: 'object' } },
        { name: `${PAYLOADS.hyperlink}${PAYLOADS.csi}`, inputSchema: { type: 'object' } },
      ];
      // The second scan changes the catalogue, so drift lists the hostile names too.
      if (round > 1) tools.push({ name: PAYLOADS.img, description: PAYLOADS.separators, inputSchema: { type: 'object' } });
      return { result: { tools } };
    },
  });
});
after(async () => {
  await browser.close();
  await server.close();
});

/** Any C0 control but line feed, DEL, any C1 control (U+009B is a one-character CSI). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
/** What JSON output must escape beyond JSON's own C0 escapes (util/safe-json.ts). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('hostile server text', () => {
  const db = join(dir, 'hostile.db');
  const html = join(dir, 'hostile.html');
  const list = join(dir, 'list.txt');
  const scans: Array<{ stdout: string; stderr: string }> = [];

  it('is scanned (twice) without a control sequence reaching the terminal', async () => {
    // The name in the list is attacker-controlled too (registries publish names).
    writeFileSync(list, `${server.url} ${PAYLOADS.img}${PAYLOADS.clear}\n`);
    for (round = 1; round <= 2; round++) {
      const run = await runCli(['scan', list, '--db', db, '--html', html, '--timeout', '5s']);
      assert.equal(run.code, 0, run.stderr);
      scans.push(run);
    }
    const history = await runCli(['history', server.url, '--db', db]);
    assert.equal(history.code, 0, history.stderr);
    assert.match(history.stdout, /Catalogue changes/);
    const check = await runCli(['check', server.url, '--timeout', '5s']);
    for (const [what, text] of [...scans.flatMap((s, i) => [[`scan ${i + 1} stdout`, s.stdout], [`scan ${i + 1} stderr`, s.stderr]]), ['history', history.stdout], ['check', check.stdout]]) {
      assert.ok(!CONTROL.test(text!), `${what} carries a control character: ${JSON.stringify(text!.match(CONTROL))}`);
    }
    assert.match(check.stdout, /invalid_tools/);
  });

  it('stays inert in the HTML report: nothing runs, nothing loads, the text shows as text', async () => {
    const { page, watch } = await openReport(browser, html);
    await page.click('#endpoint-rows tr.row');
    await page.waitForSelector('dialog#detail[open]');
    // Hover everything that could carry an injected handler.
    for (const element of await page.$$('#detail-body *')) await element.hover({ force: true, timeout: 1_000 }).catch(() => undefined);
    const detail = (await page.textContent('#detail-body')) ?? '';
    assert.ok(detail.includes('</script><script>window.__pwned = "close"</script>'), 'the tool name shows as text');
    assert.ok(detail.includes('<img src=x onerror='), 'the added tool shows as text in the drift');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    assert.deepEqual(watch.dialogs, []);
    assert.deepEqual(watch.foreignRequests, [], 'no payload made a request (an <img src=x> would)');
    assert.deepEqual(watch.errors, []);
    // Only our two scripts exist, and no element the payloads name was created.
    assert.equal(await page.locator('script').count(), 2);
    assert.equal(await page.locator('iframe, img, main svg[onload], [onerror], [onmouseover]').count(), 0);
    // Links only for http(s): the endpoint's own URL.
    const hrefs = await page.$$eval('a[href]', (links) => links.map((a) => a.getAttribute('href') ?? ''));
    assert.ok(hrefs.every((h) => h.startsWith('#') || h.startsWith('http://') || h.startsWith('https://')), hrefs.join(' '));
    await page.close();
  });

  it('stays inert in the Markdown and JSON reports', async () => {
    const markdown = await runCli(['report', '--db', db, '--format', 'markdown', '--out', '-']);
    assert.equal(markdown.code, 0, markdown.stderr);
    assert.ok(!/<(script|img|svg|iframe)/i.test(markdown.stdout), 'no raw tag');
    assert.ok(!CONTROL.test(markdown.stdout));
    const json = await runCli(['report', '--db', db, '--format', 'json', '--out', '-']);
    const model = JSON.parse(json.stdout) as { endpoints: Array<{ name: string }> };
    // JSON keeps the text exactly (it is data, escaped by JSON itself).
    assert.equal(model.endpoints[0]?.name, `${PAYLOADS.img}${PAYLOADS.clear}`);
    assert.ok(readFileSync(html, 'utf8').length > 0);
  });

  it('JSON outputs carry no raw C1 control, bidi control or line separator, yet parse to the text as sent', async () => {
    const jsonl = join(dir, 'results.jsonl');
    const outputs: Array<[string, string]> = [];
    const report = await runCli(['report', '--db', db, '--format', 'json', '--out', '-']);
    outputs.push(['report --format json', report.stdout]);
    const log = await runCli(['history', server.url, '--db', db, '--json']);
    outputs.push(['history --json', log.stdout]);
    const check = await runCli(['check', server.url, '--timeout', '5s', '--json']);
    outputs.push(['check --json', check.stdout]);
    const scan = await runCli(['scan', list, '--db', join(dir, 'json.db'), '--timeout', '5s', '--jsonl', jsonl, '--json', '-']);
    assert.equal(scan.code, 0, scan.stderr);
    outputs.push(['scan --json -', scan.stdout], ['scan --jsonl', readFileSync(jsonl, 'utf8')]);
    for (const [what, text] of outputs) {
      assert.ok(text.length > 0, `${what} wrote nothing`);
      assert.ok(!UNSAFE_IN_JSON.test(text), `${what} carries ${JSON.stringify(text.match(UNSAFE_IN_JSON))}`);
      for (const line of what === 'scan --jsonl' ? text.trim().split('\n') : [text]) JSON.parse(line);
    }
    // Escaped, not removed: the server's name parses back exactly.
    const checked = JSON.parse(check.stdout) as { result: { handshake: { server: { version: string } } } };
    assert.equal(checked.result.handshake.server.version, `${PAYLOADS.clear}${PAYLOADS.csi}`);
    const reported = JSON.parse(report.stdout) as { catalogues: Record<string, { tools: Array<{ description: string | null }> }> };
    assert.ok(Object.values(reported.catalogues).some((c) => c.tools.some((t) => t.description?.includes(PAYLOADS.bidi))), 'the bidi payload parses back');
  });
});
