// Generates the tray pictures in resources/tray/ (16 px and @2x 32 px PNGs):
// registered (green), offline (grey), ringing (amber), a filled disc with a
// white ring so they read on light and dark panels. No image tools needed:
// the PNG is written by hand (IHDR, one zlib IDAT, IEND).
//   node scripts/make-tray-icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const COLORS = { registered: [46, 160, 67], offline: [130, 138, 145], ringing: [230, 150, 20] };
const outDir = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'resources', 'tray');

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

function disc(size, [r, g, b]) {
  const rows = [];
  const c = (size - 1) / 2;
  const outer = size / 2 - 0.5;
  const ring = outer - Math.max(1, size / 16);
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0, then RGBA
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c);
      const alpha = Math.max(0, Math.min(1, outer + 0.5 - d)); // anti-aliased edge
      const onRing = d > ring;
      const px = onRing ? [255, 255, 255] : [r, g, b];
      row.set([...px, Math.round(alpha * 255)], 1 + x * 4);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

fs.mkdirSync(outDir, { recursive: true });
for (const [name, color] of Object.entries(COLORS)) {
  fs.writeFileSync(path.join(outDir, `${name}.png`), disc(16, color));
  fs.writeFileSync(path.join(outDir, `${name}@2x.png`), disc(32, color));
}
console.log(`tray icons written to ${outDir}`);
