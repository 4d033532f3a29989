import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readOggOpus } from '../shared/lab/ogg-opus';
import { ScenarioSchema, spokenLines, turnAudioName } from '../shared/lab/scenario';

const dir = (p: string) => fileURLToPath(new URL(`../resources/lab/${p}`, import.meta.url));
const files = readdirSync(dir('scenarios')).filter((f) => f.endsWith('.json'));

describe('the Lab scenarios and their audio', () => {
  it('there are several, some ending in a transfer and some resolved by the AI', () => {
    const kinds = files.map((f) => ScenarioSchema.parse(JSON.parse(readFileSync(dir(`scenarios/${f}`), 'utf8'))).outcome.kind);
    expect(kinds.filter((k) => k === 'transfer').length).toBeGreaterThanOrEqual(2);
    expect(kinds.filter((k) => k === 'resolved').length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)('%s is valid and every spoken line has its Opus file', (f) => {
    const s = ScenarioSchema.parse(JSON.parse(readFileSync(dir(`scenarios/${f}`), 'utf8')));
    expect(`${s.id}.json`).toBe(f);
    for (const [i] of spokenLines(s).entries()) {
      const ogg = readOggOpus(readFileSync(dir(`audio/${turnAudioName(s.id, i)}`)));
      expect(ogg.ok, turnAudioName(s.id, i)).toBe(true);
      if (ogg.ok) {
        expect(ogg.totalMs).toBeGreaterThan(500);
        expect(ogg.packets.every((p) => p.durationMs === 20)).toBe(true); // encoded with --framesize 20
      }
    }
  });
});
