import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// electron-builder's own YAML reader and schema validation (app-builder-lib is pinned with electron-builder).
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const REPO = path.resolve(import.meta.dirname, '..');
type Config = Record<string, any>;
const config = yaml.load(fs.readFileSync(path.join(REPO, 'electron-builder.yml'), 'utf8')) as Config;

describe('electron-builder.yml', () => {
  it('is valid for the installed electron-builder', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('flips the hardening fuses at package time', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });

  it('builds AppImage and deb, NSIS, DMG, with our app id and icons from resources/', () => {
    expect(config.appId).toBe('com.warmline.softphone');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.directories.buildResources).toBe('resources');
    for (const p of ['linux', 'win', 'mac']) expect(fs.existsSync(path.join(REPO, 'resources', config[p].icon)), `${p} icon`).toBe(true);
    expect(config.extraResources).toContainEqual({ from: 'resources/tray', to: 'tray' });
    for (const icon of ['registered', 'offline', 'ringing']) expect(fs.existsSync(path.join(REPO, 'resources/tray', `${icon}.png`))).toBe(true);
    expect(config.publish).toBeNull();
  });

  it('handles tel: and sip: links', () => {
    expect(config.protocols.flatMap((p: { schemes: string[] }) => p.schemes)).toEqual(['tel', 'sip']);
  });

  it('macOS: hardened runtime, the microphone entitlement and its usage description', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.extendInfo.NSMicrophoneUsageDescription).toMatch(/microphone/);
    const plist = fs.readFileSync(path.join(REPO, config.mac.entitlements), 'utf8');
    expect(plist).toMatch(/<key>com\.apple\.security\.device\.audio-input<\/key>\s*<true\/>/);
    expect(plist).not.toContain('com.apple.security.device.camera');
    expect(plist).not.toContain('disable-library-validation');
    expect(config.mac.entitlementsInherit).toBe(config.mac.entitlements);
  });
});
