/**
 * The page's one stylesheet, inlined and allowed by its hash in the Content-Security-Policy.
 * Colours: the Okabe–Ito palette (safe for the common colour-vision deficiencies); status is
 * never told by colour alone (marks ✔ ▲ ✖, labels, hatching in charts). Dark mode follows the
 * system; print drops the controls and shows every row.
 */
export const STYLES = `
:root {
  --bg: #ffffff; --fg: #1d1d1f; --muted: #5f6368; --line: #d9dce1; --panel: #f6f7f9; --accent: #0072b2;
  --healthy: #009e73; --auth: #56b4e9; --degraded: #e69f00; --dead: #d55e00; --p95: #cc79a7;
  color-scheme: light dark;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #16181c; --fg: #e8eaed; --muted: #a0a6ad; --line: #353a42; --panel: #1f2329; --accent: #56b4e9; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); }
header, main, footer { max-width: 1320px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 20px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.2rem; margin: 32px 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 6px; }
h3 { font-size: 1rem; margin: 0 0 8px; }
a { color: var(--accent); }
.meta, .note { color: var(--muted); font-size: .9rem; }
nav { display: flex; gap: 16px; margin: 10px 0 0; font-size: .9rem; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; }
.card { background: var(--panel); border: 1px solid var(--line); border-left: 6px solid var(--line); border-radius: 6px; padding: 10px 14px; }
.card.dead { border-left-color: var(--dead); } .card.degraded { border-left-color: var(--degraded); }
.card.healthy { border-left-color: var(--healthy); } .card.auth { border-left-color: var(--auth); }
.card .big { font-size: 1.9rem; font-weight: 650; }
.card .sub { color: var(--muted); font-size: .9rem; }
.survey { font-size: 1.05rem; margin: 14px 0 6px; }
.partial { background: var(--panel); border: 1px solid var(--degraded); border-left: 6px solid var(--degraded); border-radius: 6px; padding: 8px 12px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(400px, 1fr)); gap: 16px; }
.grid.mix { margin-top: 20px; }
figure { margin: 0; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 12px; }
figcaption { font-weight: 600; margin-bottom: 6px; }
svg.chart { width: 100%; height: auto; display: block; }
svg text { fill: var(--muted); font-size: 12px; }
svg text.inbar { fill: #000; font-size: 14px; font-weight: 600; }
.axis { stroke: var(--line); }
.s-healthy { fill: var(--healthy); } .s-auth { fill: var(--auth); } .s-degraded { fill: var(--degraded); } .s-dead { fill: var(--dead); }
.l-p50 { stroke: var(--accent); fill: none; stroke-width: 2; } .l-p95 { stroke: var(--p95); fill: none; stroke-width: 2; stroke-dasharray: 6 4; }
.d-p50 { fill: var(--accent); } .d-p95 { fill: var(--p95); }
.bar { fill: var(--accent); }
.legend { display: flex; flex-wrap: wrap; gap: 12px; font-size: .85rem; color: var(--muted); margin-top: 6px; }
.key { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -1px; margin-right: 4px; }
.key.healthy { background: var(--healthy); } .key.auth { background: var(--auth); }
.key.degraded { background: repeating-linear-gradient(45deg, var(--degraded) 0 3px, #fff8 3px 5px); }
.key.dead { background: repeating-linear-gradient(-45deg, var(--dead) 0 3px, #fff8 3px 5px), repeating-linear-gradient(45deg, var(--dead) 0 3px, transparent 3px 5px); }
details { margin-top: 8px; font-size: .85rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.reason-btn { font: inherit; background: none; border: 0; padding: 0; color: var(--accent); cursor: pointer; text-decoration: underline dotted; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .88em; }
.st { font-weight: 600; white-space: nowrap; }
.st.dead { color: var(--dead); } .st.degraded { color: #b07800; } .st.healthy { color: var(--healthy); } .st.auth { color: #2a86c0; }
@media (prefers-color-scheme: dark) { .st.degraded { color: var(--degraded); } .st.auth { color: var(--auth); } }
.controls { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; margin-bottom: 8px; }
.controls input, .controls select, .controls button { font: inherit; padding: 5px 8px; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); color: var(--fg); }
.controls input[type=search] { min-width: 260px; }
#table-wrap { max-height: 70vh; overflow: auto; border: 1px solid var(--line); border-radius: 6px; }
#endpoints-table { table-layout: fixed; }
#endpoints-table thead th { position: sticky; top: 0; background: var(--panel); z-index: 1; }
#endpoints-table th button { font: inherit; font-weight: 600; background: none; border: 0; color: var(--fg); cursor: pointer; padding: 0; }
#endpoints-table th[aria-sort=ascending] button::after { content: " ▲"; }
#endpoints-table th[aria-sort=descending] button::after { content: " ▼"; }
#endpoints-table tbody tr.row { height: 36px; cursor: pointer; }
#endpoints-table tbody tr.row:hover, #endpoints-table tbody tr.row:focus { background: var(--panel); outline: 2px solid var(--accent); outline-offset: -2px; }
#endpoints-table td { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; border-bottom: 1px solid var(--line); height: 36px; padding: 0 8px; vertical-align: middle; }
#endpoints-table tr.spacer td { padding: 0; border: 0; height: 0; }
.strip span { display: inline-block; width: 9px; text-align: center; font-size: .8rem; }
.strip .dead { color: var(--dead); } .strip .degraded { color: var(--degraded); } .strip .healthy { color: var(--healthy); }
dialog { width: min(1000px, 96vw); max-height: 92vh; border: 1px solid var(--line); border-radius: 8px; background: var(--bg); color: var(--fg); padding: 0; }
dialog::backdrop { background: #0008; }
.detail { padding: 18px 22px; }
.detail header { display: flex; justify-content: space-between; gap: 12px; padding: 0; max-width: none; }
.detail h2 { margin-top: 0; border: 0; word-break: break-all; }
.detail h3 { margin-top: 20px; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; font-size: .92rem; }
.facts dt { color: var(--muted); } .facts dd { margin: 0; word-break: break-word; }
.tool { border-top: 1px solid var(--line); padding: 6px 0; }
.tool .desc { color: var(--muted); font-size: .9rem; white-space: pre-wrap; word-break: break-word; }
.drift-added { color: var(--healthy); } .drift-removed { color: var(--dead); } .drift-changed { color: #b07800; }
footer { margin: 40px auto 30px; color: var(--muted); font-size: .85rem; }
@media print {
  :root { color-scheme: light; --bg: #fff; --fg: #000; --panel: #fff; }
  nav, .controls, dialog, details { display: none !important; }
  #table-wrap { height: auto; max-height: none; overflow: visible; border: 0; }
  #endpoints-table thead th { position: static; }
  section { break-inside: avoid-page; }
  figure { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;
