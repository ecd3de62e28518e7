/** `"<source>: <message>"` when the source (a file path, a record id) is known, else the message. */
export function prefixed(source: string | undefined, message: string): string {
  return source === undefined ? message : `${source}: ${message}`;
}
