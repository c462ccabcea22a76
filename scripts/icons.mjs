// @ts-check
// npm run icons: renders the one source drawing (store/icon.svg) to every icon the manifest and
// the stores use, and the store images built around it. Rendering is Debian's rsvg-convert
// (librsvg2-bin), whose PNGs carry no timestamp, so the same drawing gives the same bytes.
//   node scripts/icons.mjs           write the PNGs
//   node scripts/icons.mjs --check   render to a temporary folder and compare (exit 1 when they differ)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const SOURCE = 'store/icon.svg';
/** The text face of the promo tile: Debian's fonts-dejavu-core, so the render does not depend on which fonts a machine has. */
const FONT = 'DejaVu Sans';

/**
 * Every image made from the drawing. `art` is the drawing's size inside the canvas:
 * the toolbar and DevTools sizes fill theirs; the 128 px store icon keeps the Chrome Web
 * Store's 16 px transparent margin (96 px of art in 128).
 * @type {{ file: string, width: number, height: number, svg?: (art: string) => string, art?: number, use: string }[]}
 */
export const TARGETS = [
  { file: 'public/icons/icon-16.png', width: 16, height: 16, use: 'the DevTools tab, Chrome\'s extension menu' },
  { file: 'public/icons/icon-32.png', width: 32, height: 32, use: 'Windows and high-density screens' },
  { file: 'public/icons/icon-48.png', width: 48, height: 48, use: 'chrome://extensions, Firefox\'s add-ons manager' },
  { file: 'public/icons/icon-96.png', width: 96, height: 96, use: 'Firefox\'s add-ons manager on high-density screens, AMO' },
  { file: 'public/icons/icon-128.png', width: 128, height: 128, art: 96, use: 'the Chrome Web Store and installation (96 px art, 16 px margin)' },
  { file: 'store/images/edge-logo-300x300.png', width: 300, height: 300, use: 'Microsoft Edge Add-ons: extension logo' },
  { file: 'store/images/promo-small-440x280.png', width: 440, height: 280, svg: promoTile, use: 'Chrome Web Store: small promo tile' },
  { file: 'store/images/icon-preview.png', width: 416, height: 240, svg: preview, use: 'for people: every toolbar size on light and dark backgrounds' },
];

/** The drawing's content without its outer <svg> element, to place it in other canvases. */
export function drawingContent(svg) {
  const open = svg.indexOf('>', svg.indexOf('<svg'));
  const close = svg.lastIndexOf('</svg>');
  if (open < 0 || close < 0) throw new Error(`${SOURCE}: no <svg> element`);
  return svg.slice(open + 1, close);
}

/** The drawing (128 units square) at `size` px, its top-left corner at x, y. */
function placed(art, x, y, size, idSuffix = '') {
  const content = idSuffix ? art.replaceAll('wshi-bg', `wshi-bg${idSuffix}`) : art;
  return `<g transform="translate(${x} ${y}) scale(${size / 128})">${content}</g>`;
}

function canvas(width, height, body) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${body}</svg>`;
}

function iconCanvas(art, width, artSize) {
  const margin = (width - artSize) / 2;
  return canvas(width, width, placed(art, margin, margin, artSize));
}

function promoTile(art) {
  return canvas(440, 280, `
    <defs><linearGradient id="tile" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#16307a"/><stop offset="1" stop-color="#0b1a45"/></linearGradient></defs>
    <rect width="440" height="280" fill="url(#tile)"/>
    ${placed(art, 32, 76, 128)}
    <g font-family="${FONT}" fill="#ffffff">
      <text x="180" y="118" font-size="27" font-weight="bold">WebSocket</text>
      <text x="180" y="150" font-size="27" font-weight="bold">Handshake</text>
      <text x="180" y="182" font-size="27" font-weight="bold">Inspector</text>
      <text x="180" y="212" font-size="13" fill="#c9d7ff">Why your WebSocket won’t connect</text>
    </g>`);
}

/** Each toolbar size at 1:1 on Chrome's light toolbar and DevTools' dark theme. */
function preview(art) {
  const sizes = [16, 32, 48, 96];
  const row = (y, background, suffix) => {
    let x = 16;
    const icons = sizes.map((size) => {
      const g = placed(art, x, y + (112 - size) / 2, size, `${suffix}${size}`);
      x += size + 24;
      return g;
    });
    return `<rect x="0" y="${y - 4}" width="416" height="120" fill="${background}"/>${icons.join('')}`;
  };
  return canvas(416, 240, row(4, '#ffffff', 'l') + row(124, '#202124', 'd'));
}

function render(svgText, width, height, out) {
  mkdirSync(dirname(out), { recursive: true });
  const result = spawnSync('rsvg-convert', ['--width', String(width), '--height', String(height), '--format', 'png', '--output', out], { input: svgText });
  if (result.error) throw new Error(`rsvg-convert: ${result.error.message} (Debian: apt-get install librsvg2-bin fonts-dejavu-core)`);
  if (result.status !== 0) throw new Error(`rsvg-convert failed for ${out}: ${result.stderr}`);
}

export function renderAll(outDir = '.') {
  const art = drawingContent(readFileSync(SOURCE, 'utf8'));
  for (const target of TARGETS) {
    const svg = target.svg ? target.svg(art) : iconCanvas(art, target.width, target.art ?? target.width);
    render(svg, target.width, target.height, join(outDir, target.file));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  if (process.argv.includes('--check')) {
    const dir = mkdtempSync(join(tmpdir(), 'ws-icons-'));
    try {
      renderAll(dir);
      const stale = TARGETS.filter((t) => !existsSync(t.file) || !readFileSync(t.file).equals(readFileSync(join(dir, t.file))));
      for (const t of stale) console.error(`icons: ${t.file} differs from a fresh render of ${SOURCE}: run npm run icons`);
      if (stale.length > 0) process.exitCode = 1;
      else console.log(`icons: all ${TARGETS.length} images match ${SOURCE}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    renderAll();
    for (const t of TARGETS) console.log(`icons: ${t.file} (${t.width}×${t.height}): ${t.use}`);
    writeFileSync('store/images/README.md', imagesReadme());
  }
}

function imagesReadme() {
  const rows = TARGETS.map((t) => `| \`${t.file}\` | ${t.width}×${t.height} | ${t.use} |`).join('\n');
  return `# Icons and store images\n\nGenerated by \`npm run icons\` (scripts/icons.mjs) from the one drawing \`store/icon.svg\`;\nnever edit the PNGs by hand. \`npm run icons -- --check\` tells whether they match the drawing.\n\n| file | size | used by |\n|---|---|---|\n${rows}\n`;
}
