/** RFC 6901 JSON pointers, for evidence that names the exact offending value. */

export function pointer(...tokens: (string | number)[]): string {
  return tokens.map((t) => `/${String(t).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
