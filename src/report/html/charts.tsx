import type { ComponentChildren } from 'preact';

/**
 * Charts as inline SVG (issue 4): no script, no external resource. Each chart is an
 * `img` with a title and a description for assistive technology, every mark has a
 * `<title>` tooltip, and series differ by more than colour (hatching, dashes, labels).
 */

const W = 520;
const H = 230;
const PAD = { left: 52, right: 12, top: 12, bottom: 36 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function Frame(props: { id: string; title: string; desc: string; children: ComponentChildren }) {
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${props.id}-t ${props.id}-d`} xmlns="http://www.w3.org/2000/svg">
      <title id={`${props.id}-t`}>{props.title}</title>
      <desc id={`${props.id}-d`}>{props.desc}</desc>
      {props.children}
    </svg>
  );
}

/**
 * Where the y grid lines go, as fractions of `max`: quarters, or for a count axis the first of
 * quarters, fifths, halves and ends that lands on whole numbers (a count axis of 10 reads
 * 0, 2, 4 … 10, not 0, 3, 5, 8, 10).
 */
export function axisTicks(max: number, integer: boolean): number[] {
  const divisions = integer ? ([4, 5, 2, 1].find((n) => Number.isInteger(max / n)) ?? 1) : 4;
  return Array.from({ length: divisions + 1 }, (_, i) => i / divisions);
}

/** Horizontal grid lines and y labels from 0 to `max`. */
function YAxis(props: { max: number; format: (v: number) => string; integer?: boolean }) {
  const ticks = axisTicks(props.max, props.integer ?? false);
  return (
    <g aria-hidden="true">
      {ticks.map((t) => {
        const y = PAD.top + PLOT_H * (1 - t);
        return (
          <g key={t}>
            <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={y} y2={y} />
            <text x={PAD.left - 6} y={y + 4} text-anchor="end">
              {props.format(props.max * t)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

/** X labels for `n` evenly spaced columns, thinned to at most 12. */
function XLabels(props: { labels: string[]; x: (i: number) => number }) {
  const every = Math.max(1, Math.ceil(props.labels.length / 12));
  return (
    <g aria-hidden="true">
      {props.labels.map((label, i) =>
        i % every === 0 || i === props.labels.length - 1 ? (
          <text key={i} x={props.x(i)} y={H - PAD.bottom + 16} text-anchor="middle">
            {label}
          </text>
        ) : null,
      )}
    </g>
  );
}

/** Hatching for the degraded and dead series, so they read without colour. */
export function Patterns(props: { prefix: string }) {
  return (
    <defs>
      <pattern id={`${props.prefix}-degraded`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect class="s-degraded" width="6" height="6" />
        <line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-opacity="0.55" stroke-width="2" />
      </pattern>
      <pattern id={`${props.prefix}-dead`} width="6" height="6" patternUnits="userSpaceOnUse">
        <rect class="s-dead" width="6" height="6" />
        <path d="M0 0L6 6M6 0L0 6" stroke="#ffffff" stroke-opacity="0.55" stroke-width="1.2" />
      </pattern>
    </defs>
  );
}

export interface StackSeries {
  key: 'healthy' | 'auth' | 'degraded' | 'dead';
  label: string;
}

export interface StackColumn {
  label: string;
  /** Shown in each segment's tooltip. */
  caption: string;
  values: Record<StackSeries['key'], number>;
}

/** Evenly spaced columns across the plot: each one's centre and a bar width that leaves gaps. */
function columnSlots(count: number): { barW: number; x: (i: number) => number } {
  const slot = PLOT_W / Math.max(1, count);
  return { barW: Math.min(48, slot * 0.8), x: (i) => PAD.left + slot * i + slot / 2 };
}

const fillOf = (prefix: string, key: StackSeries['key']) => (key === 'degraded' || key === 'dead' ? `url(#${prefix}-${key})` : undefined);

/** Status shares per run as 100% stacked columns, healthy at the bottom. */
export function StackedShares(props: { id: string; title: string; desc: string; series: StackSeries[]; columns: StackColumn[] }) {
  const { barW, x } = columnSlots(props.columns.length);
  return (
    <Frame id={props.id} title={props.title} desc={props.desc}>
      <Patterns prefix={props.id} />
      <YAxis max={100} format={(v) => `${Math.round(v)}%`} />
      {props.columns.map((column, i) => {
        const total = props.series.reduce((sum, s) => sum + column.values[s.key], 0);
        let y = PAD.top + PLOT_H;
        return (
          <g key={i}>
            {props.series.map((s) => {
              const value = column.values[s.key];
              if (total === 0 || value === 0) return null;
              const h = (PLOT_H * value) / total;
              y -= h;
              return (
                <rect key={s.key} class={fillOf(props.id, s.key) ? undefined : `s-${s.key}`} fill={fillOf(props.id, s.key)} x={x(i) - barW / 2} y={y} width={barW} height={h}>
                  <title>{`${column.caption}: ${s.label} ${value} of ${total} (${((100 * value) / total).toFixed(1)}%)`}</title>
                </rect>
              );
            })}
          </g>
        );
      })}
      <XLabels labels={props.columns.map((c) => c.label)} x={x} />
    </Frame>
  );
}

export interface LineSeries {
  key: string;
  label: string;
  values: Array<number | null>;
}

/** Lines over runs (gaps where a value is missing); the second series is dashed. */
export function LineChart(props: { id: string; title: string; desc: string; labels: string[]; captions: string[]; lines: LineSeries[]; unit: string }) {
  const all = props.lines.flatMap((l) => l.values.filter((v): v is number => v !== null));
  const max = niceMax(Math.max(0, ...all) * 1.05);
  const { x } = columnSlots(props.labels.length);
  const y = (v: number) => PAD.top + PLOT_H * (1 - v / max);
  return (
    <Frame id={props.id} title={props.title} desc={props.desc}>
      <YAxis max={max} format={(v) => `${Math.round(v)}${props.unit}`} />
      {props.lines.map((line) => {
        let d = '';
        let pen = false;
        line.values.forEach((v, i) => {
          if (v === null) pen = false;
          else {
            d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v).toFixed(1)}`;
            pen = true;
          }
        });
        return (
          <g key={line.key}>
            {d ? <path class={`l-${line.key}`} d={d} /> : null}
            {line.values.map((v, i) =>
              v === null ? null : (
                <circle key={i} class={`d-${line.key}`} cx={x(i)} cy={y(v)} r={line.key === 'p95' ? 3.5 : 3}>
                  <title>{`${props.captions[i] ?? ''}: ${line.label} ${v}${props.unit}`}</title>
                </circle>
              ),
            )}
          </g>
        );
      })}
      <XLabels labels={props.labels} x={x} />
    </Frame>
  );
}

/** One bar per run. */
export function Columns(props: { id: string; title: string; desc: string; labels: string[]; captions: string[]; values: number[]; noun: string }) {
  const max = niceMax(Math.max(0, ...props.values));
  const { barW, x } = columnSlots(props.values.length);
  return (
    <Frame id={props.id} title={props.title} desc={props.desc}>
      <YAxis max={max} integer format={(v) => String(Math.round(v))} />
      {props.values.map((v, i) => {
        const h = (PLOT_H * v) / max;
        return (
          <rect key={i} class="bar" x={x(i) - barW / 2} y={PAD.top + PLOT_H - h} width={barW} height={h}>
            <title>{`${props.captions[i] ?? ''}: ${v} ${props.noun}`}</title>
          </rect>
        );
      })}
      <XLabels labels={props.labels} x={x} />
    </Frame>
  );
}

/** A single 100% bar (the headline), labelled inside where there is room. */
export function ShareBar(props: { id: string; title: string; parts: Array<{ key: StackSeries['key']; label: string; count: number }> }) {
  const total = props.parts.reduce((sum, p) => sum + p.count, 0);
  const width = 1000;
  let x = 0;
  return (
    <svg class="chart" viewBox={`0 0 ${width} 34`} role="img" aria-labelledby={`${props.id}-t`} xmlns="http://www.w3.org/2000/svg">
      <title id={`${props.id}-t`}>{props.title}</title>
      <Patterns prefix={props.id} />
      {props.parts.map((part) => {
        if (total === 0 || part.count === 0) return null;
        const w = (width * part.count) / total;
        const at = x;
        x += w;
        const pct = `${((100 * part.count) / total).toFixed(1)}%`;
        return (
          <g key={part.key}>
            <rect class={fillOf(props.id, part.key) ? undefined : `s-${part.key}`} fill={fillOf(props.id, part.key)} x={at} y={0} width={w} height={34}>
              <title>{`${part.label}: ${part.count} (${pct})`}</title>
            </rect>
            {w > 16 + 8 * `${part.label} ${pct}`.length ? (
              <text x={at + 8} y={22} class="inbar">
                {`${part.label} ${pct}`}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
