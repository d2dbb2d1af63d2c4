/** Comma-separated text typed in a field → its trimmed, non-empty entries. */
export const splitList = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
