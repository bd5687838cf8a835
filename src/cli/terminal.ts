/**
 * Colour only on a TTY, never with NO_COLOR (https://no-color.org: any non-empty value)
 * or TERM=dumb; an explicit --color / --no-color wins.
 */
export function useColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv, flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['TERM'] === 'dumb') return false;
  return stream.isTTY === true;
}
