import type { Count } from '../../store/queries.js';
import { count, ms, percent, points, when } from '../format.js';
import { partialLabel, type HeadlineKey, type ReportModel } from '../view-model.js';
import { Columns, LineChart, ShareBar, StackedShares, type StackSeries } from './charts.js';

/** The report's server-rendered sections: pure components of the view model. */

const SERIES: StackSeries[] = [
  { key: 'healthy', label: 'healthy (open)' },
  { key: 'auth', label: 'healthy (auth required)' },
  { key: 'degraded', label: 'degraded' },
  { key: 'dead', label: 'dead' },
];

function Legend() {
  return (
    <div class="legend" aria-hidden="true">
      {SERIES.map((s) => (
        <span key={s.key}>
          <span class={`key ${s.key}`} />
          {s.label}
        </span>
      ))}
    </div>
  );
}

const CARDS: Array<{ key: HeadlineKey; cls: string; label: string; mark: string }> = [
  { key: 'dead', cls: 'dead', label: 'dead', mark: '✖' },
  { key: 'degraded', cls: 'degraded', label: 'degraded', mark: '▲' },
  { key: 'healthyOpen', cls: 'healthy', label: 'healthy, open', mark: '✔' },
  { key: 'healthyAuth', cls: 'auth', label: 'healthy, auth required', mark: '✔' },
];

export function HeadlineSection({ model }: { model: ReportModel }) {
  const { headline, run, previousRun } = model;
  if (!headline || !run) {
    return (
      <section id="headline" aria-labelledby="headline-h">
        <h2 id="headline-h">Headline</h2>
        {run ? (
          <p>
            Run {run.id} has no results yet ({count(run.probedCount)} of {count(run.targetCount)} targets probed, {run.state}).
          </p>
        ) : (
          <p>
            No scan results yet: run <code>mcp-health scan</code> first.
          </p>
        )}
      </section>
    );
  }
  const f = headline.figures;
  const partial = partialLabel(run);
  return (
    <section id="headline" aria-labelledby="headline-h">
      <h2 id="headline-h">Headline</h2>
      {partial ? (
        <p class="partial" id="partial-run">
          <strong>Run {run.id} is {partial}.</strong> Its shares are of the endpoints probed so far; the others show their earlier verdict in
          the table.
        </p>
      ) : null}
      <p class="survey">
        Of <strong>{count(headline.total)}</strong> endpoints in run {run.id}: <strong>{percent(f.dead.share)}</strong> dead,{' '}
        <strong>{percent(f.degraded.share)}</strong> degraded, <strong>{percent(f.healthy.share)}</strong> healthy ({percent(f.healthyOpen.share)} open,{' '}
        {percent(f.healthyAuth.share)} requiring authorisation).
      </p>
      <div class="cards">
        {CARDS.map((card) => {
          const figure = f[card.key];
          return (
            <div class={`card ${card.cls}`} key={card.key}>
              <div class="sub">
                {card.mark} {card.label}
              </div>
              <div class="big">{percent(figure.share)}</div>
              <div class="sub">
                {count(figure.count)} endpoint{figure.count === 1 ? '' : 's'}
                {previousRun ? ` · ${points(figure.changePoints)} since run ${previousRun.id}` : ' · first run'}
              </div>
            </div>
          );
        })}
      </div>
      <p />
      <ShareBar
        id="share-bar"
        title={`Status shares of run ${run.id}`}
        parts={[
          { key: 'healthy', label: 'healthy (open)', count: f.healthyOpen.count },
          { key: 'auth', label: 'healthy (auth)', count: f.healthyAuth.count },
          { key: 'degraded', label: 'degraded', count: f.degraded.count },
          { key: 'dead', label: 'dead', count: f.dead.count },
        ]}
      />
      <Legend />
    </section>
  );
}

export function TrendsSection({ model }: { model: ReportModel }) {
  const trends = model.trends;
  if (trends.length === 0) return null;
  const labels = trends.map((t) => `#${t.runId}`);
  const captions = trends.map((t) => `Run ${t.runId}, ${when(t.startedAt)}`);
  const first = trends[0]!;
  const last = trends[trends.length - 1]!;
  const span = `${trends.length} run${trends.length === 1 ? '' : 's'} from ${when(first.startedAt)} to ${when(last.startedAt)}`;
  const deadShare = (t: (typeof trends)[number]) => percent(t.totals.total === 0 ? null : t.totals.dead / t.totals.total);
  return (
    <section id="trends" aria-labelledby="trends-h">
      <h2 id="trends-h">Trends over runs</h2>
      <p class="note">
        {span} ({model.window.label}).{trends.length === 1 ? ' Trends appear after the next scan.' : ''}
      </p>
      <div class="grid">
        <figure>
          <figcaption>Status shares</figcaption>
          <StackedShares
            id="chart-status"
            title="Status shares per run"
            desc={`${span}. Dead share went from ${deadShare(first)} to ${deadShare(last)}.`}
            series={SERIES}
            columns={trends.map((t, i) => ({
              label: labels[i]!,
              caption: captions[i]!,
              values: { healthy: t.totals.healthy - t.totals.healthyAuth, auth: t.totals.healthyAuth, degraded: t.totals.degraded, dead: t.totals.dead },
            }))}
          />
          <Legend />
          <details>
            <summary>Data</summary>
            <table>
              <thead>
                <tr>
                  <th>run</th><th>started</th><th class="num">healthy</th><th class="num">auth</th><th class="num">degraded</th><th class="num">dead</th>
                </tr>
              </thead>
              <tbody>
                {trends.map((t) => (
                  <tr key={t.runId}>
                    <td>{t.runId}</td><td>{when(t.startedAt)}</td><td class="num">{t.totals.healthy - t.totals.healthyAuth}</td>
                    <td class="num">{t.totals.healthyAuth}</td><td class="num">{t.totals.degraded}</td><td class="num">{t.totals.dead}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </figure>
        <figure>
          <figcaption>Handshake latency</figcaption>
          <LineChart
            id="chart-latency"
            title="Median and 95th percentile handshake latency per run"
            desc={`${span}. Latest median ${ms(last.p50HandshakeMs)}, 95th percentile ${ms(last.p95HandshakeMs)}.`}
            labels={labels}
            captions={captions}
            unit=" ms"
            lines={[
              { key: 'p50', label: 'median', values: trends.map((t) => t.p50HandshakeMs) },
              { key: 'p95', label: 'p95', values: trends.map((t) => t.p95HandshakeMs) },
            ]}
          />
          <div class="legend" aria-hidden="true">
            <span>━ median (p50)</span>
            <span>╍ 95th percentile</span>
          </div>
          <details>
            <summary>Data</summary>
            <table>
              <thead>
                <tr><th>run</th><th class="num">p50</th><th class="num">p95</th></tr>
              </thead>
              <tbody>
                {trends.map((t) => (
                  <tr key={t.runId}><td>{t.runId}</td><td class="num">{ms(t.p50HandshakeMs)}</td><td class="num">{ms(t.p95HandshakeMs)}</td></tr>
                ))}
              </tbody>
            </table>
          </details>
        </figure>
        <figure>
          <figcaption>Endpoints per run</figcaption>
          <Columns
            id="chart-count"
            title="Endpoints probed per run"
            desc={`${span}. Latest run: ${count(last.totals.total)} endpoints.`}
            labels={labels}
            captions={captions}
            values={trends.map((t) => t.totals.total)}
            noun="endpoints"
          />
        </figure>
      </div>
    </section>
  );
}

function MixTable({ caption, items, total }: { caption: string; items: Count[]; total: number }) {
  return (
    <table>
      <caption class="sr-only">{caption}</caption>
      <thead>
        <tr><th>{caption}</th><th class="num">endpoints</th><th class="num">share</th></tr>
      </thead>
      <tbody>
        {items.length === 0 ? (
          <tr><td colSpan={3} class="note">none</td></tr>
        ) : (
          items.map((item) => (
            <tr key={item.key}>
              <td class="mono">{item.key}</td><td class="num">{count(item.count)}</td><td class="num">{percent(total === 0 ? null : item.count / total)}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

export function FailuresSection({ model }: { model: ReportModel }) {
  if (!model.headline) return null;
  const total = model.headline.total;
  const { reasons, eras, versions, transports, schemes } = model.failures;
  const top = Math.max(1, ...reasons.map((r) => r.count));
  return (
    <section id="failures" aria-labelledby="failures-h">
      <h2 id="failures-h">Why endpoints fail</h2>
      {reasons.length === 0 ? (
        <p>Every endpoint is healthy.</p>
      ) : (
        <table id="reasons-table">
          <thead>
            <tr>
              <th>reason</th><th>status</th><th class="num">endpoints</th><th class="num">share</th><th aria-hidden="true" />
              <th class="num">{model.previousRun ? `run ${model.previousRun.id}` : 'before'}</th><th>what it means</th>
            </tr>
          </thead>
          <tbody>
            {reasons.map((r) => (
              <tr key={r.code}>
                <td>
                  <button type="button" class="reason-btn" data-reason={r.code} title="Show these endpoints">
                    {r.code}
                  </button>
                </td>
                <td class={`st ${r.status}`}>{r.status}</td>
                <td class="num">{count(r.count)}</td>
                <td class="num">{percent(r.share)}</td>
                <td aria-hidden="true">
                  <svg width="120" height="12" viewBox="0 0 120 12">
                    <rect class={`s-${r.status}`} x="0" y="1" width={(120 * r.count) / top} height="10" />
                  </svg>
                </td>
                <td class="num">{r.previousCount === null ? '–' : count(r.previousCount)}</td>
                <td class="note">{r.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="grid mix">
        <div>
          <h3>Protocol eras</h3>
          <MixTable caption="era" items={eras} total={total} />
        </div>
        <div>
          <h3>Revisions</h3>
          <MixTable caption="revision" items={versions} total={total} />
        </div>
        <div>
          <h3>Transports</h3>
          <MixTable caption="transport" items={transports} total={total} />
        </div>
        <div>
          <h3>TLS versus plain HTTP</h3>
          <table>
            <tbody>
              <tr><td>https</td><td class="num">{count(schemes.https)}</td><td class="num">{percent(total === 0 ? null : schemes.https / total)}</td></tr>
              <tr><td>plain http</td><td class="num">{count(schemes.http)}</td><td class="num">{percent(total === 0 ? null : schemes.http / total)}</td></tr>
              <tr><td>https failing TLS</td><td class="num">{count(schemes.tlsFailed)}</td><td /></tr>
              <tr><td>certificate expiring soon</td><td class="num">{count(schemes.tlsExpiringSoon)}</td><td /></tr>
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

/** Column keys the page's script sorts by (the order of the table's columns). */
export const COLUMNS: Array<{ key: string; label: string; width: string; num?: boolean }> = [
  { key: 'status', label: 'Status', width: '13%' },
  { key: 'url', label: 'Endpoint', width: '21%' },
  { key: 'reasons', label: 'Reasons', width: '15%' },
  { key: 'handshake', label: 'Handshake', width: '8%', num: true },
  { key: 'protocol', label: 'Era / revision', width: '12%' },
  { key: 'server', label: 'Server', width: '11%' },
  { key: 'tools', label: 'Tools', width: '5%', num: true },
  { key: 'uptime', label: 'Uptime', width: '6%', num: true },
  { key: 'strip', label: 'Last verdicts', width: '9%' },
];

export function EndpointsSection({ model }: { model: ReportModel }) {
  return (
    <section id="endpoints" aria-labelledby="endpoints-h">
      <h2 id="endpoints-h">Every endpoint</h2>
      <div class="controls">
        <label>
          <span class="sr-only">Search</span>
          <input id="search" type="search" placeholder="Search URL, name, server, reason…" autocomplete="off" />
        </label>
        <label>
          Status{' '}
          <select id="status-filter">
            <option value="">all</option>
            <option value="dead">dead</option>
            <option value="degraded">degraded</option>
            <option value="healthy">healthy</option>
            <option value="open">healthy, open</option>
            <option value="auth">healthy, auth required</option>
          </select>
        </label>
        <label>
          Reason{' '}
          <select id="reason-filter">
            <option value="">any</option>
            {model.failures.reasons.map((r) => (
              <option value={r.code} key={r.code}>
                {r.code} ({r.count})
              </option>
            ))}
          </select>
        </label>
        <button type="button" id="reset-filters">Reset</button>
        <span id="row-count" class="note" aria-live="polite">
          {count(model.endpoints.length)} endpoints
        </span>
      </div>
      <div id="table-wrap" tabIndex={-1}>
        <table id="endpoints-table">
          <colgroup>
            {COLUMNS.map((c) => (
              <col key={c.key} width={c.width} />
            ))}
          </colgroup>
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.key} scope="col" class={c.num ? 'num' : undefined} aria-sort="none" data-key={c.key}>
                  <button type="button" data-sort={c.key}>
                    {c.label}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody id="endpoint-rows" />
        </table>
      </div>
      {model.omitted.catalogues > 0 || model.omitted.driftNames > 0 ? (
        <p class="note" id="omitted-note">
          To keep this file small, the report left out {count(model.omitted.tools)} tool details of {count(model.omitted.catalogues)} catalogues
          {model.omitted.driftNames > 0 ? ` and ${count(model.omitted.driftNames)} tool names of catalogue changes` : ''}; each endpoint's detail says
          where. <code>mcp-health check &lt;url&gt;</code> lists an endpoint's tools, <code>mcp-health history &lt;url&gt;</code> its changes.
        </p>
      ) : null}
      <noscript>
        <p>The endpoint table needs JavaScript; the Markdown and JSON reports (mcp-health report --format markdown|json) list the same endpoints.</p>
      </noscript>
      <p class="note">Click a row (or press Enter on it) for the endpoint's history, step timings, tools and catalogue drift.</p>
    </section>
  );
}
