/**
 * Words for a POSIX sh command line. A word of characters sh never treats specially stays as it
 * is — so URLs read, and are found, as written (policies/residency/residency-node-downloads.ts
 * scans user data for `https://host`); any other word is put in single quotes, inside which sh
 * takes every character literally, a single quote being written as `'\''` (POSIX.1-2024 XCU 2.2.2,
 * "Single-Quotes"). shell-quote would do the same job with backslashes (`https\://…`), which hides
 * the URLs from that scan. Tests run the result in the real sh (test/stacks/node-scripts.test.ts).
 */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellWord(word: string): string {
  return PLAIN.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

export function shellCommand(words: readonly string[]): string {
  return words.map(shellWord).join(' ');
}
