import { REASONS, type ReasonCode, type Status } from '../../classify/reasons.js';
import type { EndpointView, ReportModel, ToolView } from '../view-model.js';

/**
 * What the page's script reads from `<script type="application/json" id="report-data">`
 * (src/report/client/report-client.ts declares the same shape; the browser test checks they agree).
 */
export interface ClientData {
  runId: number | null;
  endpoints: EndpointView[];
  catalogues: Record<string, ToolView[]>;
  reasons: Record<string, { status: Status; summary: string }>;
}

export function clientDataOf(model: ReportModel): ClientData {
  const reasons: ClientData['reasons'] = {};
  for (const [code, reason] of Object.entries(REASONS) as Array<[ReasonCode, (typeof REASONS)[ReasonCode]]>) {
    reasons[code] = { status: reason.status, summary: reason.summary };
  }
  return { runId: model.run?.id ?? null, endpoints: model.endpoints, catalogues: model.catalogues, reasons };
}
