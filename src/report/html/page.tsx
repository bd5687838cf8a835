import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { renderToString } from 'preact-render-to-string';
import { when } from '../format.js';
import { partialLabel, type ReportModel } from '../view-model.js';
import { clientDataChunks } from './client-data.js';
import { cspHash } from './script-json.js';
import { EndpointsSection, FailuresSection, HeadlineSection, TrendsSection } from './sections.js';
import { STYLES } from './styles.js';

/** The page's own script, compiled by tsc from src/report/client/report-client.ts (no imports). */
let clientScript: string | null = null;
function readClientScript(): string {
  clientScript ??= readFileSync(new URL('../client/report-client.js', import.meta.url), 'utf8');
  return clientScript;
}

/**
 * Nothing may load from anywhere: no default source, the one script and the one stylesheet
 * by hash, images only as data: URIs. (A meta CSP cannot set frame-ancestors; a file needs none.)
 */
export function contentSecurityPolicy(script: string, style: string): string {
  return [
    "default-src 'none'",
    `script-src ${cspHash(script)}`,
    `style-src ${cspHash(style)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * Inline code and data of our own making, never server text: the stylesheet, the script, and
 * the data block escaped for the script context by jsonForScript. The only raw insertions.
 */
function Raw({ tag, text, id, type }: { tag: 'script' | 'style'; text: string; id?: string; type?: string }) {
  const Tag = tag;
  return <Tag id={id} type={type} dangerouslySetInnerHTML={{ __html: text }} />;
}

function Page({ model, script, data }: { model: ReportModel; script: string; data: string }) {
  const run = model.run;
  const partial = run ? partialLabel(run) : null;
  const title = run ? `MCP health · run ${run.id}${partial ? ' (partial)' : ''} · ${model.headline?.total ?? 0} endpoints` : 'MCP health report';
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta httpEquiv="Content-Security-Policy" content={contentSecurityPolicy(script, STYLES)} />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="generator" content={`mcp-health ${model.mcpHealthVersion}`} />
        <title>{title}</title>
        <Raw tag="style" text={STYLES} />
      </head>
      <body>
        <header>
          <h1>MCP health report</h1>
          <div class="meta">
            {run ? `Run ${run.id} (${partial ?? run.state}) started ${when(run.startedAt)}` : 'No runs yet'} · window: {model.window.label} · generated {when(model.generatedAt)} by
            mcp-health {model.mcpHealthVersion}
          </div>
          <nav aria-label="Sections">
            <a href="#headline">Headline</a>
            <a href="#trends">Trends</a>
            <a href="#failures">Why endpoints fail</a>
            <a href="#endpoints">Every endpoint</a>
          </nav>
        </header>
        <main>
          <HeadlineSection model={model} />
          <TrendsSection model={model} />
          <FailuresSection model={model} />
          <EndpointsSection model={model} />
        </main>
        <dialog id="detail" aria-labelledby="detail-title">
          <div class="detail" id="detail-body" />
        </dialog>
        <footer>
          Self-contained: this file loads nothing from any host. Server names, tool names and descriptions are shown as text, as the servers sent them.
        </footer>
        <Raw tag="script" type="application/json" id="report-data" text={data} />
        <Raw tag="script" text={script} />
      </body>
    </html>
  );
}

/**
 * The report as one self-contained HTML file, in pieces (a big fleet's page is tens of MB: it is
 * written piece by piece, never held as one string). The data block goes where a marker was
 * rendered: the last occurrence, since only our own script follows the block (server text all
 * comes before it), and the marker is random per rendering besides.
 */
export function* renderHtmlReportChunks(model: ReportModel): Generator<string> {
  const script = readClientScript();
  const marker = `@@mcp-health-report-data-${randomUUID()}@@`;
  const html = `<!doctype html>\n${renderToString(<Page model={model} script={script} data={marker} />)}\n`;
  const at = html.lastIndexOf(marker);
  yield html.slice(0, at);
  yield* clientDataChunks(model);
  yield html.slice(at + marker.length);
}

/** The whole page as one string (tests, small reports). Pure apart from reading the compiled client script once. */
export function renderHtmlReport(model: ReportModel): string {
  return [...renderHtmlReportChunks(model)].join('');
}
