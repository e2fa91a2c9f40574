/**
 * The app's two Teams icons, drawn in code so they can be regenerated and checked:
 * eight segments in a circle around the child (the wellbeing wheel's eight areas), with a dot in the middle.
 *
 * - colour icon, 192×192: coloured segments and a white centre on Samsyn's accent colour;
 * - outline icon, 32×32: the same shape in white on a transparent background (Teams tints it).
 *
 * `npx tsx scripts/generate-icons.ts` writes manifest/color.png and manifest/outline.png;
 * test/unit/manifest.test.ts checks that the committed files hold exactly these pixels.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

/** Samsyn's accent colour: the colour icon's background and the manifest's `accentColor`. */
export const accentColor = '#1F4E5F';

const segmentColours = ['#F6BD60', '#F28482', '#F5CAC3', '#84A59D', '#A8DADC', '#90BE6D', '#F9C74F', '#F8961E'];

type Rgb = readonly [number, number, number];

function rgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

/** The wheel's geometry in units of the icon's size (0..1, centre at 0.5). */
interface Wheel {
  readonly outer: number;
  readonly inner: number;
  readonly dot: number;
  /** Width of the straight gaps between segments. */
  readonly gap: number;
}

const segments = 8;

/** What covers a point (coordinates relative to the centre, in icon units): a segment's index, the dot, or nothing. */
function hit(x: number, y: number, wheel: Wheel): number | 'dot' | null {
  const r = Math.hypot(x, y);
  if (r <= wheel.dot) return 'dot';
  if (r < wheel.inner || r > wheel.outer) return null;
  // The gaps are bands of constant width along the segments' borders, which start at the top.
  for (let k = 0; k < segments; k++) {
    const angle = (2 * Math.PI * k) / segments - Math.PI / 2;
    const dx = Math.cos(angle);
    const dy = Math.sin(angle);
    if (x * dx + y * dy > 0 && Math.abs(x * dy - y * dx) < wheel.gap / 2) return null;
  }
  const turn = (Math.atan2(y, x) + Math.PI / 2 + 2 * Math.PI) % (2 * Math.PI);
  return Math.floor((turn / (2 * Math.PI)) * segments) % segments;
}

/** Draws by supersampling each pixel (n×n samples) and averaging the covering colours. */
function draw(
  size: number,
  wheel: Wheel,
  colourOf: (h: number | 'dot' | null) => readonly [number, number, number, number],
): PNG {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size - 0.5;
          const y = (py + (sy + 0.5) / n) / size - 0.5;
          const [r, g, b, a] = colourOf(hit(x, y, wheel));
          // Premultiplied, so transparent samples do not darken the edges.
          sum[0]! += r * a;
          sum[1]! += g * a;
          sum[2]! += b * a;
          sum[3]! += a;
        }
      }
      const i = (py * size + px) * 4;
      const alpha = sum[3]! / (n * n);
      png.data[i] = alpha === 0 ? 0 : Math.round(sum[0]! / sum[3]!);
      png.data[i + 1] = alpha === 0 ? 0 : Math.round(sum[1]! / sum[3]!);
      png.data[i + 2] = alpha === 0 ? 0 : Math.round(sum[2]! / sum[3]!);
      png.data[i + 3] = Math.round(alpha);
    }
  }
  return png;
}

/** 192×192, opaque: the wheel in colour on the accent colour. */
export function colorIcon(): PNG {
  const background = rgb(accentColor);
  return draw(192, { outer: 0.4, inner: 0.2, dot: 0.13, gap: 0.035 }, (h) => {
    if (h === null) return [...background, 255];
    if (h === 'dot') return [255, 255, 255, 255];
    return [...rgb(segmentColours[h] ?? '#FFFFFF'), 255];
  });
}

/** 32×32: the wheel in white on transparent; edges are white with partial alpha, never grey. */
export function outlineIcon(): PNG {
  return draw(32, { outer: 0.47, inner: 0.26, dot: 0.14, gap: 0.07 }, (h) =>
    h === null ? [255, 255, 255, 0] : [255, 255, 255, 255],
  );
}

export const iconFiles = { color: 'color.png', outline: 'outline.png' } as const;

function main(): void {
  const dir = path.resolve(__dirname, '..', 'manifest');
  fs.writeFileSync(path.join(dir, iconFiles.color), PNG.sync.write(colorIcon()));
  fs.writeFileSync(path.join(dir, iconFiles.outline), PNG.sync.write(outlineIcon()));
  console.log(`wrote ${path.join(dir, iconFiles.color)} and ${path.join(dir, iconFiles.outline)}`);
}

if (require.main === module) main();
