/** RFC 6901: `~` and `/` inside a segment are escaped so the pointer stays unambiguous. */
export function jsonPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
