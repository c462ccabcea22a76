// The icons and store images (scripts/icons.mjs renders them from store/icon.svg): the sizes the
// manifest and the stores name, the Chrome Web Store's transparent margin on the 128 px icon,
// contrast on light and dark backgrounds, and that the committed PNGs are a fresh render.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import manifest from '../../../manifest.json' with { type: 'json' };

interface Image {
  readonly width: number;
  readonly height: number;
  /** RGBA, 8 bits a channel, row by row. */
  readonly rgba: Uint8Array;
}

/** Decodes the PNGs rsvg-convert writes: 8-bit RGBA, not interlaced. */
function readPng(path: string): Image {
  const png = readFileSync(path);
  expect(png.subarray(0, 8).toString('hex'), `${path} is not a PNG`).toBe('89504e470d0a1a0a');
  let offset = 8;
  let width = 0;
  let height = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([body[8], body[9], body[12]], `${path}: 8-bit RGBA, not interlaced`).toEqual([8, 6, 0]);
    } else if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * 4;
  const rgba = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const left = x >= 4 ? rgba[y * stride + x - 4]! : 0;
      const up = y > 0 ? rgba[(y - 1) * stride + x]! : 0;
      const upLeft = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4]! : 0;
      const paeth = (): number => {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      };
      const predicted = [0, left, up, (left + up) >> 1, 0][filter] ?? 0;
      rgba[y * stride + x] = (value + (filter === 4 ? paeth() : predicted)) & 0xff;
    }
  }
  return { width, height, rgba };
}

const alphaAt = (image: Image, x: number, y: number): number => image.rgba[(y * image.width + x) * 4 + 3]!;

/** WCAG relative luminance of an sRGB colour. */
function luminance([r, g, b]: readonly number[]): number {
  const channel = (c: number): number => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r!) + 0.7152 * channel(g!) + 0.0722 * channel(b!);
}
const contrast = (a: readonly number[], b: readonly number[]): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

/** The opaque pixels' colours, split into the badge (blue-ish) and the glyph (light). */
function palette(image: Image): { badge: number[]; glyph: number[] } {
  const sums = { badge: [0, 0, 0, 0], glyph: [0, 0, 0, 0] };
  for (let i = 0; i < image.rgba.length; i += 4) {
    if (image.rgba[i + 3]! < 255) continue;
    const [r, g, b] = [image.rgba[i]!, image.rgba[i + 1]!, image.rgba[i + 2]!];
    const target = b > r + 40 ? sums.badge : r > 200 && g > 180 ? sums.glyph : null;
    if (!target) continue;
    target[0]! += r;
    target[1]! += g;
    target[2]! += b;
    target[3]! += 1;
  }
  const mean = (s: number[]): number[] => s.slice(0, 3).map((v) => v / s[3]!);
  return { badge: mean(sums.badge), glyph: mean(sums.glyph) };
}

const LIGHT_TOOLBAR = [255, 255, 255];
const DARK_DEVTOOLS = [32, 33, 36]; // #202124

describe('icons', () => {
  it.each(Object.entries(manifest.icons))('the manifest\'s %s px icon is that size', (size, path) => {
    const image = readPng(`public/${path}`);
    expect([image.width, image.height]).toEqual([Number(size), Number(size)]);
  });

  it('128 px: 96 px of art with a 16 px transparent margin, as the Chrome Web Store asks', () => {
    const image = readPng('public/icons/icon-128.png');
    for (let i = 0; i < 128; i++) {
      for (const [x, y] of [[i, 15], [i, 112], [15, i], [112, i]] as const) expect(alphaAt(image, x, y), `(${x}, ${y})`).toBe(0);
    }
    // The art reaches the margin's edge on all four sides (mid-edges of the rounded square).
    for (const [x, y] of [[64, 16], [64, 111], [16, 64], [111, 64]] as const) expect(alphaAt(image, x, y), `(${x}, ${y})`).toBe(255);
  });

  it.each(['public/icons/icon-16.png', 'public/icons/icon-32.png', 'public/icons/icon-48.png'])('%s fills its canvas (no margin at toolbar sizes)', (path) => {
    const image = readPng(path);
    const mid = image.width >> 1;
    expect(alphaAt(image, mid, 0)).toBeGreaterThan(200);
    expect(alphaAt(image, 0, mid)).toBeGreaterThan(200);
  });

  it('stays legible on light and dark: badge against either background and glyph against badge at least 3:1', () => {
    const { badge, glyph } = palette(readPng('public/icons/icon-128.png'));
    expect(contrast(badge, LIGHT_TOOLBAR)).toBeGreaterThanOrEqual(3);
    expect(contrast(badge, DARK_DEVTOOLS)).toBeGreaterThanOrEqual(3);
    expect(contrast(glyph, badge)).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ['store/images/promo-small-440x280.png', 440, 280],
    ['store/images/edge-logo-300x300.png', 300, 300],
  ])('%s is %d×%d', (path, width, height) => {
    // The IHDR chunk: width and height right after the signature and the chunk header.
    const png = readFileSync(path);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([width, height]);
  });

  const rsvg = spawnSync('rsvg-convert', ['--version']).status === 0;
  it.runIf(rsvg)('the committed PNGs are what store/icon.svg renders to today (npm run icons -- --check)', () => {
    const check = spawnSync(process.execPath, ['scripts/icons.mjs', '--check'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});
