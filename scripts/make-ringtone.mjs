// Writes resources/public/ringtone.wav: the North American ring cadence
// (440 Hz + 480 Hz, 2 s on, 4 s off), 8 kHz mono 16-bit, with short fades so it does not click.
import fs from 'node:fs';
const rate = 8000, seconds = 6, on = 2;
const n = rate * seconds;
const data = Buffer.alloc(n * 2);
for (let i = 0; i < n; i++) {
  const t = i / rate;
  let v = 0;
  if (t < on) {
    const fade = Math.min(1, t / 0.02, (on - t) / 0.02);
    v = 0.35 * fade * (Math.sin(2 * Math.PI * 440 * t) + Math.sin(2 * Math.PI * 480 * t));
  }
  data.writeInt16LE(Math.round(v * 32767 * 0.9), i * 2);
}
const h = Buffer.alloc(44);
h.write('RIFF', 0); h.writeUInt32LE(36 + data.length, 4); h.write('WAVE', 8);
h.write('fmt ', 12); h.writeUInt32LE(16, 16); h.writeUInt16LE(1, 20); h.writeUInt16LE(1, 22);
h.writeUInt32LE(rate, 24); h.writeUInt32LE(rate * 2, 28); h.writeUInt16LE(2, 32); h.writeUInt16LE(16, 34);
h.write('data', 36); h.writeUInt32LE(data.length, 40);
fs.writeFileSync(new URL('../resources/public/ringtone.wav', import.meta.url), Buffer.concat([h, data]));
