import { describe, expect, it } from 'vitest';
import { describeDeviceFallback, deviceLabel, pickAudioDevice, type AudioDeviceInfo } from './audio-device';

/** Shaped like Chromium's enumerateDevices() on a laptop with a USB headset plugged in, after permission. */
const DEVICES: AudioDeviceInfo[] = [
  { deviceId: 'default', kind: 'audioinput', label: 'Default - Built-in Microphone' },
  { deviceId: 'communications', kind: 'audioinput', label: 'Communications - USB Headset' },
  { deviceId: 'mic-builtin', kind: 'audioinput', label: 'Built-in Microphone' },
  { deviceId: 'mic-usb', kind: 'audioinput', label: 'USB Headset (0b0e:245d)' },
  { deviceId: 'default', kind: 'audiooutput', label: 'Default - Built-in Speakers' },
  { deviceId: 'spk-builtin', kind: 'audiooutput', label: 'Built-in Speakers' },
  { deviceId: 'spk-usb', kind: 'audiooutput', label: 'USB Headset (0b0e:245d)' },
];

/** What Chromium returns before microphone permission: ids and labels hidden. */
const BEFORE_PERMISSION: AudioDeviceInfo[] = [
  { deviceId: '', kind: 'audioinput', label: '' },
  { deviceId: '', kind: 'audiooutput', label: '' },
];

describe('pickAudioDevice', () => {
  it('uses the preferred device when it is present', () => {
    expect(pickAudioDevice('mic-usb', DEVICES, 'audioinput')).toEqual({
      deviceId: 'mic-usb',
      label: 'USB Headset (0b0e:245d)',
      fallback: false,
    });
    expect(pickAudioDevice('spk-usb', DEVICES, 'audiooutput')?.deviceId).toBe('spk-usb');
  });

  it('falls back to the default device when the preferred one is unplugged', () => {
    const unplugged = DEVICES.filter((d) => !d.deviceId.endsWith('-usb'));
    expect(pickAudioDevice('mic-usb', unplugged, 'audioinput')).toEqual({
      deviceId: 'default',
      label: 'Default - Built-in Microphone',
      fallback: true,
    });
  });

  it('uses the default device without a notice when nothing was chosen', () => {
    expect(pickAudioDevice(null, DEVICES, 'audiooutput')).toEqual({
      deviceId: 'default',
      label: 'Default - Built-in Speakers',
      fallback: false,
    });
    expect(pickAudioDevice('', DEVICES, 'audioinput')?.fallback).toBe(false);
  });

  it('uses the first device of the kind when there is no default entry (Firefox, Safari)', () => {
    const noDefault = DEVICES.filter((d) => d.deviceId !== 'default' && d.deviceId !== 'communications');
    expect(pickAudioDevice('gone', noDefault, 'audioinput')).toEqual({
      deviceId: 'mic-builtin',
      label: 'Built-in Microphone',
      fallback: true,
    });
    expect(pickAudioDevice(null, noDefault, 'audiooutput')?.deviceId).toBe('spk-builtin');
  });

  it('never picks a device of the other kind', () => {
    const outputsOnly = DEVICES.filter((d) => d.kind === 'audiooutput');
    expect(pickAudioDevice('spk-usb', outputsOnly, 'audioinput')).toBeNull();
    expect(pickAudioDevice(null, [], 'audioinput')).toBeNull();
  });

  it('treats the "default" id as a choice like any other', () => {
    expect(pickAudioDevice('default', DEVICES, 'audioinput')).toMatchObject({ deviceId: 'default', fallback: false });
  });

  it('gives readable labels before permission', () => {
    expect(pickAudioDevice(null, BEFORE_PERMISSION, 'audioinput')).toEqual({
      deviceId: '',
      label: 'Microphone 1',
      fallback: false,
    });
    expect(pickAudioDevice(null, BEFORE_PERMISSION, 'audiooutput')?.label).toBe('Speaker 1');
  });

  it('numbers unlabelled devices by their position among devices of the same kind', () => {
    const unlabelled: AudioDeviceInfo[] = [
      { deviceId: 'a', kind: 'audioinput', label: '' },
      { deviceId: 'b', kind: 'audiooutput', label: '' },
      { deviceId: 'c', kind: 'audiooutput', label: '  ' },
    ];
    expect(pickAudioDevice('c', unlabelled, 'audiooutput')?.label).toBe('Speaker 2');
  });

  it('skips malformed entries instead of trusting them', () => {
    const hostile = [
      null,
      { deviceId: 42, kind: 'audioinput', label: 'x' },
      { deviceId: 'v', kind: 'videoinput', label: 'Camera' },
      { deviceId: 'ok', kind: 'audioinput', label: 'Real mic' },
    ] as unknown as AudioDeviceInfo[];
    expect(pickAudioDevice(null, hostile, 'audioinput')).toEqual({ deviceId: 'ok', label: 'Real mic', fallback: false });
    expect(pickAudioDevice(null, 'nope' as unknown as AudioDeviceInfo[], 'audioinput')).toBeNull();
  });
});

describe('deviceLabel', () => {
  it('keeps a real label, tidied', () => {
    expect(deviceLabel({ deviceId: 'x', kind: 'audioinput', label: '  Jabra   Evolve2 65 \n' })).toBe('Jabra Evolve2 65');
  });

  it.each<[AudioDeviceInfo, number, string]>([
    [{ deviceId: 'x', kind: 'audioinput', label: '' }, 0, 'Microphone 1'],
    [{ deviceId: 'y', kind: 'audiooutput', label: '' }, 1, 'Speaker 2'],
    [{ deviceId: 'default', kind: 'audioinput', label: '' }, 0, 'Default microphone'],
    [{ deviceId: 'default', kind: 'audiooutput', label: '' }, 3, 'Default speaker'],
    [{ deviceId: 'z', kind: 'audioinput', label: '\u0000\u001b' }, 0, 'Microphone 1'],
    [{ deviceId: 'z', kind: 'audioinput', label: '' }, -3, 'Microphone 1'],
    [{ deviceId: 'z', kind: 'audioinput', label: '' }, Number.NaN, 'Microphone 1'],
  ])('%j at %s -> %j', (device, index, label) => {
    expect(deviceLabel(device, index)).toBe(label);
  });

  it('defaults the position to the first', () => {
    expect(deviceLabel({ deviceId: 'x', kind: 'audiooutput', label: '' })).toBe('Speaker 1');
  });

  it('shortens an absurdly long label', () => {
    const label = deviceLabel({ deviceId: 'x', kind: 'audioinput', label: 'A'.repeat(10_000) });
    expect(label.length).toBeLessThanOrEqual(80);
    expect(label.endsWith('…')).toBe(true);
  });
});

describe('describeDeviceFallback', () => {
  it('names a lost headset microphone and its replacement', () => {
    expect(describeDeviceFallback('audioinput', 'USB Headset', 'Default - Built-in Microphone')).toBe(
      'Your headset microphone (USB Headset) was disconnected; now using Default - Built-in Microphone.',
    );
  });

  it.each<[Parameters<typeof describeDeviceFallback>, string]>([
    [
      ['audiooutput', 'Plantronics Blackwire 5220 Headphones', 'Built-in Speakers'],
      'Your headset (Plantronics Blackwire 5220 Headphones) was disconnected; now using Built-in Speakers.',
    ],
    [
      ['audioinput', 'Logitech C920 Webcam', 'Built-in Microphone'],
      'Your microphone (Logitech C920 Webcam) was disconnected; now using Built-in Microphone.',
    ],
    [
      ['audiooutput', 'Dell U2720Q', 'Built-in Speakers'],
      'Your speaker (Dell U2720Q) was disconnected; now using Built-in Speakers.',
    ],
    [['audioinput', '', 'Built-in Microphone'], 'Your microphone was disconnected; now using Built-in Microphone.'],
    [['audioinput', 'AirPods Pro', ''], 'Your headset microphone (AirPods Pro) was disconnected; now using the default microphone.'],
    [['audioinput', 'USB Headset', null], 'Your headset microphone (USB Headset) was disconnected and no other microphone is available.'],
    [['audiooutput', 'Speakers', 'Monitor.'], 'Your speaker (Speakers) was disconnected; now using Monitor.'],
    [['audioinput', 'Evil\u001b[2J Mic', 'Mic\r\nX'], 'Your microphone (Evil[2J Mic) was disconnected; now using MicX.'],
  ])('%j -> %j', (args, sentence) => {
    expect(describeDeviceFallback(...args)).toBe(sentence);
  });
});
