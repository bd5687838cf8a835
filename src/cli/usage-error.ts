/** A problem with what the user asked for (flags, config, input): message to stderr, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
