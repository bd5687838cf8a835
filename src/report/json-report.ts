import type { ReportModel } from './view-model.js';

/** `report --format json`: the view model itself, as one JSON document. Pure. */
export function renderJsonReport(model: ReportModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}
