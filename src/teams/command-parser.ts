/**
 * Matches chat text to a command: case-insensitive, diacritics folded (ärenden = arenden),
 * tolerant of extra words; the longest matching alias wins. What is left over are the arguments.
 */
export function normalise(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9?\-\s]/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '');
}

function indexOfRun(words: readonly string[], run: readonly string[]): number {
  for (let i = 0; i + run.length <= words.length; i++) {
    if (run.every((w, j) => words[i + j] === w)) return i;
  }
  return -1;
}

export interface CommandMatch<C> {
  readonly command: C;
  readonly args: string[];
}

export function matchCommand<C extends { readonly aliases: readonly string[] }>(
  text: string,
  commands: readonly C[],
): CommandMatch<C> | null {
  const words = normalise(text);
  let best: { command: C; at: number; length: number } | null = null;
  for (const command of commands) {
    for (const alias of command.aliases) {
      const run = normalise(alias);
      const at = indexOfRun(words, run);
      if (at >= 0 && (best === null || run.length > best.length)) best = { command, at, length: run.length };
    }
  }
  if (best === null) return null;
  const args = [...words.slice(0, best.at), ...words.slice(best.at + best.length)];
  return { command: best.command, args };
}

/** A case reference such as 2026-0042 among the arguments. */
export function referenceIn(args: readonly string[]): string | undefined {
  return args.find((a) => /^\d{4}-\d{4}$/.test(a));
}
