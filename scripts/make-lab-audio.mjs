#!/usr/bin/env node
// Generates the Lab's spoken lines once (committed as small Opus/OGG files):
//   espeak-ng (text -> WAV) | opusenc (WAV -> Opus in OGG, 16 kbit/s speech).
// Run after editing resources/lab/scenarios/*.json:
//   sudo apt-get install espeak-ng opus-tools && node --import tsx scripts/make-lab-audio.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScenarioSchema, spokenLines, turnAudioName } from '../shared/lab/scenario.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const scenarios = join(root, 'resources/lab/scenarios');
const audio = join(root, 'resources/lab/audio');
const tmp = mkdtempSync(join(tmpdir(), 'warmline-lab-audio-'));
try {
  for (const file of readdirSync(scenarios).filter((f) => f.endsWith('.json')).sort()) {
    const s = ScenarioSchema.parse(JSON.parse(readFileSync(join(scenarios, file), 'utf8')));
    for (const [i, line] of spokenLines(s).entries()) {
      const wav = join(tmp, 'line.wav');
      execFileSync('espeak-ng', ['-v', line.voice, '-s', '160', '-w', wav, line.text]);
      execFileSync('opusenc', ['--quiet', '--bitrate', '16', '--speech', '--framesize', '20', wav, join(audio, turnAudioName(s.id, i))]);
    }
    console.log(`${s.id}: ${spokenLines(s).length} lines`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
