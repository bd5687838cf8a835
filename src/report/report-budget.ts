/**
 * A byte budget shared by everything of one kind a report embeds (tool details, drift names).
 * Per-endpoint caps alone let a few hostile endpoints, or an honest fleet of big catalogues,
 * grow the page past what a browser, or V8's largest string, can hold: the review of issue 4
 * crashed `report` with 25 endpoints of 300 tools whose text was all `<` (six bytes each once
 * escaped for the page). Sizes are counted after escaping (`jsonForScript`), as they land in the file.
 */
export class ByteBudget {
  private usedBytes = 0;

  constructor(readonly limitBytes: number) {}

  get used(): number {
    return this.usedBytes;
  }

  get left(): number {
    return Math.max(0, this.limitBytes - this.usedBytes);
  }

  /** Takes `bytes` if they fit; false (and nothing taken) when they do not. */
  take(bytes: number): boolean {
    if (this.usedBytes + bytes > this.limitBytes) return false;
    this.usedBytes += bytes;
    return true;
  }
}
