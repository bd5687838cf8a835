/**
 * The report page's script (issue 4), inlined into the HTML and allowed by its hash.
 * Self-contained: no imports, no network. It reads the data block with JSON.parse and
 * builds everything with DOM APIs and textContent, never innerHTML, so server text stays text.
 * The endpoint table is virtualised: only the rows in view (plus a margin) exist in the DOM,
 * and sorting, filtering and search work on the in-memory array, so 10,000 rows stay responsive.
 */
(() => {
  type Status = 'healthy' | 'degraded' | 'dead';
  interface Reason { code: string; detail: string }
  interface Uptime { probes: number; alive: number | null; healthy: number | null; p50HandshakeMs: number | null; p95HandshakeMs: number | null }
  interface HistoryPoint { runId: number; at: string; status: Status; authRequired: boolean; handshakeMs: number | null; codes: string[] }
  interface StepView { name: string; startedAtMs: number; durationMs: number; httpStatus: number | null; outcome: string; detail: string | null }
  interface ToolChange { name: string; fields: string[] }
  interface Drift { at: string; added: string[]; removed: string[]; changes: ToolChange[]; more: { added: number; removed: number; changed: number } }
  interface ToolView { name: string; title: string | null; description: string | null; inputs: Array<{ name: string; type: string; required: boolean }>; outputs: string[] | null; hints: string[] }
  interface Catalogue { toolCount: number; tools: ToolView[]; cut: 'tool-limit' | 'budget' | null }
  /** src/report/view-model.ts EndpointView, as far as the page reads it. */
  interface Endpoint {
    url: string; name: string | null; status: Status; authRequired: boolean; reasons: Reason[]; handshakeMs: number | null;
    era: string | null; protocolVersion: string | null; transport: string | null; serverName: string | null; serverVersion: string | null;
    toolCount: number | null; lastProbedAt: string; lastRunId: number; href: string | null; inLatestRun: boolean; inferred: boolean; tlsValidTo: string | null;
    uptime: Uptime; strip: Status[]; history: HistoryPoint[]; steps: StepView[]; catalogueHash: string | null; drift: Drift[];
  }
  /** src/report/html/client-data.ts ClientData. */
  interface Data { runId: number | null; endpoints: Endpoint[]; catalogues: Record<string, Catalogue>; reasons: Record<string, { status: Status; summary: string }> }

  const ROW_HEIGHT = 36;
  const OVERSCAN = 12;
  const SEARCH_DEBOUNCE_MS = 150;
  const PRINT_ROW_LIMIT = 5000;
  const MARK: Record<string, string> = { healthy: '✔', degraded: '▲', dead: '✖', auth: '✔' };
  const LABEL: Record<string, string> = { healthy: 'healthy', degraded: 'degraded', dead: 'dead', auth: 'healthy · auth' };
  const SVG = 'http://www.w3.org/2000/svg';

  const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const dataElement = byId<HTMLScriptElement>('report-data');
  const data = JSON.parse(dataElement.textContent ?? '{}') as Data;
  const endpoints = data.endpoints;

  // ---- small DOM helpers: text goes in as text nodes, never as markup ----
  type Child = Node | string | null | undefined | false;
  function h<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string | null, ...children: Child[]): HTMLElementTagNameMap[K] {
    const element = document.createElement(tag);
    if (className) element.className = className;
    for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
    return element;
  }
  function svg(tag: string, attributes: Record<string, string | number>, tooltip?: string): SVGElement {
    const element = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
    if (tooltip !== undefined) {
      const title = document.createElementNS(SVG, 'title');
      title.textContent = tooltip;
      element.append(title);
    }
    return element;
  }
  /**
   * A link only where the report made one: `href` is set by the view model (safeHref,
   * src/report/html/safe-href.ts) for http(s) URLs alone; anything else stays text.
   */
  function link(href: string | null, text: string): HTMLElement {
    if (href === null) return h('span', null, text);
    const a = h('a', null, text);
    a.href = href;
    a.rel = 'noopener noreferrer nofollow';
    a.target = '_blank';
    return a;
  }
  const cls = (e: { status: Status; authRequired: boolean }) => (e.status === 'healthy' && e.authRequired ? 'auth' : e.status);
  const pct = (share: number | null) => (share === null ? '–' : `${(100 * share).toFixed(1)}%`);
  const msText = (value: number | null) => (value === null ? '–' : `${value.toLocaleString('en-US')} ms`);
  const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

  // ---- state ----
  const SEVERITY: Record<string, number> = { dead: 3, degraded: 2, auth: 1, healthy: 0 };
  const searchText = endpoints.map((e) =>
    [e.url, e.name ?? '', e.serverName ?? '', e.protocolVersion ?? '', e.era ?? '', e.transport ?? '', ...e.reasons.map((r) => r.code)].join(' ').toLowerCase(),
  );
  const state = { query: '', status: '', reason: '', sortKey: 'status', descending: true };
  let view: number[] = endpoints.map((_, i) => i);

  const nullsLast = (a: number | null, b: number | null, descending: boolean) => {
    if (a === null && b === null) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    return descending ? b - a : a - b;
  };
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const KEYS: Record<string, (e: Endpoint) => number | string | null> = {
    status: (e) => SEVERITY[cls(e)]!,
    url: (e) => (e.name ?? e.url).toLowerCase(),
    reasons: (e) => e.reasons.length,
    handshake: (e) => e.handshakeMs,
    protocol: (e) => e.protocolVersion ?? '',
    server: (e) => (e.serverName ?? '').toLowerCase(),
    tools: (e) => e.toolCount,
    uptime: (e) => e.uptime.alive,
    strip: (e) => (e.strip.length === 0 ? null : e.strip.filter((s) => s === 'healthy').length / e.strip.length),
  };

  function applyView(): void {
    const query = state.query.trim().toLowerCase();
    const terms = query === '' ? [] : query.split(/\s+/);
    const matches = (i: number) => {
      const e = endpoints[i]!;
      if (state.status) {
        const c = cls(e);
        if (state.status === 'healthy' ? e.status !== 'healthy' : state.status === 'open' ? c !== 'healthy' : c !== state.status) return false;
      }
      if (state.reason && !e.reasons.some((r) => r.code === state.reason)) return false;
      const haystack = searchText[i]!;
      return terms.every((t) => haystack.includes(t));
    };
    const key = KEYS[state.sortKey] ?? KEYS['status']!;
    const values = endpoints.map(key);
    const filtered: number[] = [];
    for (let i = 0; i < endpoints.length; i++) if (matches(i)) filtered.push(i);
    filtered.sort((a, b) => {
      const va = values[a]!;
      const vb = values[b]!;
      let order: number;
      if (typeof va === 'string' || typeof vb === 'string') order = state.descending ? text(String(vb), String(va)) : text(String(va), String(vb));
      else order = nullsLast(va, vb, state.descending);
      return order || text(endpoints[a]!.url, endpoints[b]!.url);
    });
    view = filtered;
    byId('row-count').textContent = `${view.length.toLocaleString('en-US')} of ${endpoints.length.toLocaleString('en-US')} endpoints`;
    for (const th of Array.from(document.querySelectorAll<HTMLElement>('#endpoints-table th[data-key]'))) {
      th.setAttribute('aria-sort', th.dataset['key'] === state.sortKey ? (state.descending ? 'descending' : 'ascending') : 'none');
    }
    wrap.scrollTop = 0;
    renderWindow(true);
    // The wrapper's height follows its rows up to a cap: measure again once laid out.
    requestAnimationFrame(() => renderWindow());
  }

  // ---- the virtualised table ----
  const wrap = byId<HTMLDivElement>('table-wrap');
  const body = byId<HTMLTableSectionElement>('endpoint-rows');
  const columnCount = document.querySelectorAll('#endpoints-table thead th').length;
  const topSpacer = spacer();
  const bottomSpacer = spacer();
  let rendered = { first: -1, last: -1 };

  function spacer(): HTMLTableRowElement {
    const row = h('tr', 'spacer');
    const cell = h('td');
    cell.colSpan = columnCount;
    row.append(cell);
    return row;
  }
  function setHeight(row: HTMLTableRowElement, px: number): void {
    // CSSOM, not a style attribute: allowed under the page's CSP.
    row.style.height = `${px}px`;
    row.hidden = px === 0;
  }

  function rowFor(index: number): HTMLTableRowElement {
    const e = endpoints[index]!;
    const c = cls(e);
    const row = h('tr', 'row');
    row.tabIndex = 0;
    row.dataset['index'] = String(index);
    const status = h('td', `st ${c}`, `${MARK[c]} ${LABEL[c]}`);
    const name = e.name ? `${e.name} · ${e.url}` : e.url;
    const endpointCell = h('td', null, name);
    endpointCell.title = name;
    const reasons = e.reasons.map((r) => r.code).join(', ');
    const reasonCell = h('td', 'mono', reasons || '–');
    reasonCell.title = e.reasons.map((r) => `${r.code}: ${r.detail}`).join('\n');
    const protocol = e.protocolVersion ? `${e.era ?? ''} ${e.protocolVersion}` : '–';
    const server = e.serverName ? `${e.serverName} ${e.serverVersion ?? ''}` : '–';
    const serverCell = h('td', null, server);
    serverCell.title = server;
    const strip = h('td', 'strip');
    strip.title = `last ${e.strip.length} verdicts, oldest first`;
    for (const s of e.strip) strip.append(h('span', s, MARK[s]));
    row.append(
      status,
      endpointCell,
      reasonCell,
      h('td', 'num', msText(e.handshakeMs)),
      h('td', 'mono', protocol),
      serverCell,
      h('td', 'num', e.toolCount === null ? '–' : String(e.toolCount)),
      h('td', 'num', pct(e.uptime.alive)),
      strip,
    );
    return row;
  }

  function renderRange(first: number, last: number): void {
    const rows: Node[] = [topSpacer];
    for (let i = first; i < last; i++) rows.push(rowFor(view[i]!));
    rows.push(bottomSpacer);
    setHeight(topSpacer, first * ROW_HEIGHT);
    setHeight(bottomSpacer, (view.length - last) * ROW_HEIGHT);
    body.replaceChildren(...rows);
    rendered = { first, last };
  }

  function renderWindow(force = false): void {
    const visible = Math.ceil(wrap.clientHeight / ROW_HEIGHT) || 20;
    const first = Math.max(0, Math.floor(wrap.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(view.length, first + visible + 2 * OVERSCAN);
    if (!force && first === rendered.first && last === rendered.last) return;
    renderRange(first, last);
  }

  let scrollQueued = false;
  wrap.addEventListener('scroll', () => {
    if (scrollQueued) return;
    scrollQueued = true;
    requestAnimationFrame(() => {
      scrollQueued = false;
      renderWindow();
    });
  });
  window.addEventListener('resize', () => renderWindow());
  // Printing shows every row (up to a bound), then the window comes back.
  window.addEventListener('beforeprint', () => renderRange(0, Math.min(view.length, PRINT_ROW_LIMIT)));
  window.addEventListener('afterprint', () => renderWindow(true));

  // ---- controls ----
  const search = byId<HTMLInputElement>('search');
  const statusFilter = byId<HTMLSelectElement>('status-filter');
  const reasonFilter = byId<HTMLSelectElement>('reason-filter');
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      state.query = search.value;
      applyView();
    }, SEARCH_DEBOUNCE_MS);
  });
  statusFilter.addEventListener('change', () => {
    state.status = statusFilter.value;
    applyView();
  });
  reasonFilter.addEventListener('change', () => {
    state.reason = reasonFilter.value;
    applyView();
  });
  byId('reset-filters').addEventListener('click', () => {
    search.value = '';
    statusFilter.value = '';
    reasonFilter.value = '';
    Object.assign(state, { query: '', status: '', reason: '', sortKey: 'status', descending: true });
    applyView();
  });
  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('#endpoints-table th button[data-sort]'))) {
    button.addEventListener('click', () => {
      const key = button.dataset['sort'] ?? 'status';
      if (state.sortKey === key) state.descending = !state.descending;
      else {
        state.sortKey = key;
        // Numbers and severity read best worst/largest first; text A to Z.
        state.descending = key === 'status' || key === 'reasons' || key === 'handshake' || key === 'tools';
      }
      applyView();
    });
  }
  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('button.reason-btn[data-reason]'))) {
    button.addEventListener('click', () => {
      reasonFilter.value = button.dataset['reason'] ?? '';
      state.reason = reasonFilter.value;
      applyView();
      byId('endpoints').scrollIntoView();
    });
  }

  // ---- endpoint detail ----
  const dialog = byId<HTMLDialogElement>('detail');
  const detailBody = byId<HTMLDivElement>('detail-body');

  function facts(entries: Array<[string, string | Node]>): HTMLDListElement {
    const list = h('dl', 'facts');
    for (const [term, value] of entries) list.append(h('dt', null, term), h('dd', null, value));
    return list;
  }

  function table(head: string[], rows: Array<Array<string | Node>>, numeric: number[] = []): HTMLTableElement {
    const t = h('table');
    const headRow = h('tr');
    head.forEach((label, i) => headRow.append(h('th', numeric.includes(i) ? 'num' : null, label)));
    const tbody = h('tbody');
    for (const cells of rows) {
      const row = h('tr');
      cells.forEach((cell, i) => row.append(h('td', numeric.includes(i) ? 'num' : null, cell)));
      tbody.append(row);
    }
    t.append(h('thead', null, headRow), tbody);
    return t;
  }

  function historyChart(points: HistoryPoint[]): SVGElement {
    const width = 900;
    const height = 170;
    const pad = { left: 50, right: 10, top: 10, bottom: 24 };
    const values = points.map((p) => p.handshakeMs).filter((v): v is number => v !== null);
    const max = Math.max(1, ...values) * 1.1;
    const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': `Handshake latency and verdict of the last ${points.length} probes` });
    const slot = (width - pad.left - pad.right) / Math.max(1, points.length);
    const x = (i: number) => pad.left + slot * i + slot / 2;
    const y = (v: number) => pad.top + (height - pad.top - pad.bottom - 16) * (1 - v / max);
    for (const t of [0, 0.5, 1]) {
      const value = max * t;
      chart.append(svg('line', { class: 'axis', x1: pad.left, x2: width - pad.right, y1: y(value), y2: y(value) }));
      const label = svg('text', { x: pad.left - 6, y: y(value) + 4, 'text-anchor': 'end' });
      label.textContent = `${Math.round(value)} ms`;
      chart.append(label);
    }
    let d = '';
    points.forEach((p, i) => {
      if (p.handshakeMs === null) return;
      d += `${d === '' ? 'M' : 'L'}${x(i).toFixed(1)} ${y(p.handshakeMs).toFixed(1)}`;
    });
    if (d) chart.append(svg('path', { d, class: 'l-p50' }));
    points.forEach((p, i) => {
      const c = cls(p);
      const tip = `${when(p.at)} · run ${p.runId}: ${LABEL[c]}${p.handshakeMs === null ? '' : ` · ${p.handshakeMs} ms`}${p.codes.length ? ` · ${p.codes.join(', ')}` : ''}`;
      if (p.handshakeMs !== null) chart.append(svg('circle', { cx: x(i), cy: y(p.handshakeMs), r: 3.5, class: `s-${c}` }, tip));
      // A verdict strip along the bottom: colour and glyph.
      const mark = svg('text', { x: x(i), y: height - 6, 'text-anchor': 'middle', class: `s-${c}` }, tip);
      mark.append(document.createTextNode(MARK[c]!));
      chart.append(mark);
    });
    return chart;
  }

  function stepsTable(steps: StepView[]): HTMLTableElement {
    const end = Math.max(1, ...steps.map((s) => s.startedAtMs + s.durationMs));
    return table(
      ['step', 'start', 'duration', 'HTTP', 'outcome', 'timeline'],
      steps.map((s) => {
        const bar = svg('svg', { width: 160, height: 10, viewBox: '0 0 160 10' });
        bar.append(svg('rect', { x: (160 * s.startedAtMs) / end, y: 1, width: Math.max(1, (160 * s.durationMs) / end), height: 8, class: s.outcome === 'ok' ? 's-healthy' : 's-degraded' }));
        const outcome = h('span', 'mono', s.outcome);
        if (s.detail) outcome.title = s.detail;
        return [h('span', 'mono', s.name), `${s.startedAtMs} ms`, `${s.durationMs} ms`, s.httpStatus === null ? '–' : String(s.httpStatus), outcome, bar];
      }),
      [1, 2, 3],
    );
  }

  function toolList(tools: ToolView[]): HTMLElement {
    const list = h('div');
    for (const tool of tools) {
      const inputs = tool.inputs.map((i) => `${i.name}${i.required ? '' : '?'}: ${i.type}`).join(', ');
      list.append(
        h(
          'div',
          'tool',
          h('strong', 'mono', tool.name),
          tool.title ? ` — ${tool.title}` : '',
          tool.hints.length ? h('span', 'note', ` [${tool.hints.join(', ')}]`) : '',
          h('div', 'mono note', `(${inputs})${tool.outputs ? ` → { ${tool.outputs.join(', ')} }` : ''}`),
          tool.description ? h('div', 'desc', tool.description) : '',
        ),
      );
    }
    return list;
  }

  /** "a, b, c and 4,950 more": the names the report kept, then how many it left out. */
  function names(shown: string[], more: number, separator = ', '): string {
    const rest = more > 0 ? `${shown.length ? ' and ' : ''}${more.toLocaleString('en-US')} ${shown.length ? 'more' : `tool${more === 1 ? '' : 's'} (names left out)`}` : '';
    return `${shown.join(separator)}${rest}`;
  }

  function driftList(drift: Drift[]): HTMLElement {
    const list = h('ul');
    for (const change of [...drift].reverse()) {
      const item = h('li', null, h('span', 'note', `${when(change.at)}: `));
      const more = change.more ?? { added: 0, removed: 0, changed: 0 };
      if (change.added.length || more.added) item.append(h('span', 'drift-added', `+ added ${names(change.added, more.added)}`), ' ');
      if (change.removed.length || more.removed) item.append(h('span', 'drift-removed', `− removed ${names(change.removed, more.removed)}`), ' ');
      if (change.changes.length || more.changed) {
        item.append(h('span', 'drift-changed', `~ changed ${names(change.changes.map((c) => `${c.name} (${c.fields.join(', ')})`), more.changed, '; ')}`));
      }
      list.append(item);
    }
    if (drift.some((d) => d.more && d.more.added + d.more.removed + d.more.changed > 0)) {
      list.append(h('li', 'note', 'Some names are left out to keep this file small; mcp-health history <url> lists every change.'));
    }
    return list;
  }

  function openDetail(index: number): void {
    const e = endpoints[index];
    if (!e) return;
    const c = cls(e);
    const close = h('button', null, 'Close');
    close.type = 'button';
    close.addEventListener('click', () => dialog.close());
    const title = h('h2', null, e.name ?? e.url);
    title.id = 'detail-title';
    const parts: Node[] = [
      h('header', null, title, close),
      h('p', null, link(e.href, e.url)),
      h('p', `st ${c}`, `${MARK[c]} ${LABEL[c]}${e.inLatestRun ? '' : ' (not in the latest run)'}${e.inferred ? ' (inferred from its host)' : ''}`),
    ];
    if (e.reasons.length) {
      const reasons = h('ul');
      for (const r of e.reasons) reasons.append(h('li', null, h('code', null, r.code), ` ${r.detail}`, h('span', 'note', ` — ${data.reasons[r.code]?.summary ?? ''}`)));
      parts.push(reasons);
    }
    parts.push(
      facts([
        ['server', e.serverName ? `${e.serverName} ${e.serverVersion ?? ''}` : '–'],
        ['protocol', e.protocolVersion ? `${e.protocolVersion} · ${e.era ?? ''} · ${e.transport ?? ''}` : '–'],
        ['tools', e.toolCount === null ? '–' : String(e.toolCount)],
        ['handshake', msText(e.handshakeMs)],
        ['uptime', `${pct(e.uptime.alive)} alive · ${pct(e.uptime.healthy)} healthy over ${e.uptime.probes} probes`],
        ['latency', `p50 ${msText(e.uptime.p50HandshakeMs)} · p95 ${msText(e.uptime.p95HandshakeMs)}`],
        ['last probed', `${when(e.lastProbedAt)} (run ${e.lastRunId})`],
        ['certificate', e.tlsValidTo ? `valid to ${when(e.tlsValidTo)}` : '–'],
      ]),
      h('h3', null, `History (${e.history.length} probes)`),
      historyChart(e.history),
      table(
        ['when', 'run', 'verdict', 'handshake', 'reasons'],
        [...e.history].reverse().slice(0, 12).map((p) => [when(p.at), String(p.runId), h('span', `st ${cls(p)}`, `${MARK[cls(p)]} ${LABEL[cls(p)]}`), msText(p.handshakeMs), h('span', 'mono', p.codes.join(', ') || '–')]),
        [1, 3],
      ),
      h('h3', null, `Steps of the latest probe (${e.steps.length})`),
      e.steps.length ? stepsTable(e.steps) : h('p', 'note', 'none'),
    );
    const catalogue = e.catalogueHash ? data.catalogues[e.catalogueHash] : undefined;
    const tools = catalogue?.tools ?? [];
    const toolTotal = Math.max(e.toolCount ?? 0, catalogue?.toolCount ?? 0);
    parts.push(h('h3', null, `Tools (${tools.length}${toolTotal > tools.length ? ` of ${toolTotal}` : ''})`));
    if (catalogue?.cut === 'budget') {
      parts.push(h('p', 'note', `Only ${tools.length ? `the first ${tools.length}` : 'none'} of this catalogue's tools fit the report's size budget. For every tool: mcp-health check ${e.url}`));
    } else if (catalogue?.cut === 'tool-limit') {
      parts.push(h('p', 'note', `The report lists the first ${tools.length} tools of a catalogue. For every tool: mcp-health check ${e.url}`));
    }
    parts.push(tools.length ? toolList(tools) : h('p', 'note', 'none listed'));
    parts.push(h('h3', null, `Catalogue drift (${e.drift.length})`));
    parts.push(e.drift.length ? driftList(e.drift) : h('p', 'note', 'no change in the window'));
    detailBody.replaceChildren(...parts);
    if (!dialog.open) dialog.showModal();
    close.focus();
  }

  body.addEventListener('click', (event) => {
    const row = (event.target as Element).closest('tr.row') as HTMLTableRowElement | null;
    if (row) openDetail(Number(row.dataset['index']));
  });
  body.addEventListener('keydown', (event) => {
    const row = (event.target as Element).closest('tr.row') as HTMLTableRowElement | null;
    if (!row) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      openDetail(Number(row.dataset['index']));
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = (event.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling) as HTMLElement | null;
      if (next?.classList.contains('row')) next.focus();
      else wrap.scrollTop += event.key === 'ArrowDown' ? ROW_HEIGHT : -ROW_HEIGHT;
    }
  });

  applyView();
  document.documentElement.dataset['ready'] = 'true';
})();
