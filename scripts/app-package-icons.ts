/**
 * Teams' icon rules: the colour icon is a 192×192 PNG; the outline icon is a 32×32 PNG in white on a
 * transparent background (Teams tints it, so any other colour shows up wrong).
 */
import { PNG } from 'pngjs';

export interface IconProblem {
  readonly icon: 'color' | 'outline';
  readonly problem: string;
}

function decode(bytes: Uint8Array): PNG | string {
  try {
    return PNG.sync.read(Buffer.from(bytes));
  } catch (err) {
    return `is not a readable PNG (${err instanceof Error ? err.message : String(err)})`;
  }
}

/** Pixels that are neither fully transparent nor white (counted, with the first one's position). */
export function nonWhitePixels(png: PNG): { count: number; first?: { x: number; y: number } } {
  let count = 0;
  let first: { x: number; y: number } | undefined;
  for (let i = 0; i < png.width * png.height; i++) {
    const [r, g, b, a] = [png.data[i * 4], png.data[i * 4 + 1], png.data[i * 4 + 2], png.data[i * 4 + 3]];
    if (a !== 0 && (r !== 255 || g !== 255 || b !== 255)) {
      count++;
      first ??= { x: i % png.width, y: Math.floor(i / png.width) };
    }
  }
  return first === undefined ? { count } : { count, first };
}

export function alphaAt(png: PNG, x: number, y: number): number {
  return png.data[(y * png.width + x) * 4 + 3] ?? -1;
}

export function iconProblems(icons: { readonly color: Uint8Array; readonly outline: Uint8Array }): IconProblem[] {
  const problems: IconProblem[] = [];
  const color = decode(icons.color);
  if (typeof color === 'string') problems.push({ icon: 'color', problem: color });
  else if (color.width !== 192 || color.height !== 192)
    problems.push({ icon: 'color', problem: `must be 192×192, is ${color.width}×${color.height}` });

  const outline = decode(icons.outline);
  if (typeof outline === 'string') return [...problems, { icon: 'outline', problem: outline }];
  if (outline.width !== 32 || outline.height !== 32)
    problems.push({ icon: 'outline', problem: `must be 32×32, is ${outline.width}×${outline.height}` });
  const last = outline.width - 1;
  const corners = [
    alphaAt(outline, 0, 0),
    alphaAt(outline, last, 0),
    alphaAt(outline, 0, outline.height - 1),
    alphaAt(outline, last, outline.height - 1),
  ];
  if (corners.some((a) => a !== 0))
    problems.push({ icon: 'outline', problem: 'must have a transparent background (its corners are not transparent)' });
  const stray = nonWhitePixels(outline);
  if (stray.first !== undefined) {
    problems.push({
      icon: 'outline',
      problem: `must be white on transparent; ${stray.count} pixel(s) have another colour, the first at ${stray.first.x},${stray.first.y}`,
    });
  }
  return problems;
}
