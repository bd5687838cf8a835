import { REASONS, type ReasonCode, type Status } from '../../classify/reasons.js';
import type { CatalogueView, EndpointView, ReportModel } from '../view-model.js';
import { jsonForScript } from './script-json.js';

/**
 * What the page's script reads from `<script type="application/json" id="report-data">`
 * (src/report/client/report-client.ts declares the same shape; the browser test checks they agree).
 */
export interface ClientData {
  runId: number | null;
  endpoints: EndpointView[];
  catalogues: Record<string, CatalogueView>;
  reasons: Record<string, { status: Status; summary: string }>;
}

function reasonTable(): ClientData['reasons'] {
  const reasons: ClientData['reasons'] = {};
  for (const [code, reason] of Object.entries(REASONS) as Array<[ReasonCode, (typeof REASONS)[ReasonCode]]>) {
    reasons[code] = { status: reason.status, summary: reason.summary };
  }
  return reasons;
}

export function clientDataOf(model: ReportModel): ClientData {
  return { runId: model.run?.id ?? null, endpoints: model.endpoints, catalogues: model.catalogues, reasons: reasonTable() };
}

/** Endpoints (or catalogues) escaped and joined per chunk: few writes, no giant string. */
const CHUNK_ITEMS = 200;

/**
 * The data block's text (`jsonForScript(clientDataOf(model))`, the same characters) in pieces
 * of at most CHUNK_ITEMS endpoints or catalogues, so a big report is written without ever
 * being one string (V8 caps a string at 2^29 characters).
 */
export function* clientDataChunks(model: ReportModel): Generator<string> {
  yield `{"runId":${jsonForScript(model.run?.id ?? null)},"endpoints":[`;
  for (let i = 0; i < model.endpoints.length; i += CHUNK_ITEMS) {
    const part = model.endpoints.slice(i, i + CHUNK_ITEMS).map((e) => jsonForScript(e));
    yield `${i === 0 ? '' : ','}${part.join(',')}`;
  }
  yield '],"catalogues":{';
  const entries = Object.entries(model.catalogues);
  for (let i = 0; i < entries.length; i += CHUNK_ITEMS) {
    const part = entries.slice(i, i + CHUNK_ITEMS).map(([hash, view]) => `${jsonForScript(hash)}:${jsonForScript(view)}`);
    yield `${i === 0 ? '' : ','}${part.join(',')}`;
  }
  yield `},"reasons":${jsonForScript(reasonTable())}}`;
}
