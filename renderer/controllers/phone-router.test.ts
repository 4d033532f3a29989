import { describe, expect, it } from 'vitest';
import type { PhonePort } from '../../shared/telephony/phone-port';
import { PhoneRouter } from './phone-router';

/** A PhonePort that records what it was asked; dial hands out ids with its name in them. */
function fakePhone(name: string): PhonePort & { asked: string[] } {
  const asked: string[] = [];
  let n = 0;
  const note = (what: string) => () => void asked.push(what);
  return {
    asked,
    start: note('start'),
    stop: async () => void asked.push('stop'),
    dial: (uri) => {
      asked.push(`dial ${uri}`);
      return { ok: true, id: `${name}-${++n}` };
    },
    renegotiate: async () => ({ ok: true }),
    answer: (id) => void asked.push(`answer ${id}`),
    decline: (id) => void asked.push(`decline ${id}`),
    hangup: (id) => void asked.push(`hangup ${id}`),
    hold: (id, on) => void asked.push(`hold ${id} ${on}`),
    mute: (id) => void asked.push(`mute ${id}`),
    sendDtmf: (id, t) => void asked.push(`dtmf ${id} ${t}`),
    transferBlind: (id) => void asked.push(`refer ${id}`),
    completeAttendedTransfer: (a, b) => void asked.push(`attended ${a} ${b}`),
    useMicrophone: async (d) => void asked.push(`mic ${d}`),
    networkChanged: () => void asked.push('network'),
    callStats: async () => null,
    prewarm: async () => void asked.push('prewarm'),
    measureRegistration: async () => ({ ok: true, ms: 1 }),
  };
}

describe('phone router', () => {
  it('dials on the active phone, and keeps every call on the phone that carries it after the active one changes', () => {
    const primary = fakePhone('p');
    const backup = fakePhone('b');
    let active: PhonePort = primary;
    const carriers = new Map<string, PhonePort>();
    const router = new PhoneRouter({ active: () => active, carrierOf: (id) => carriers.get(id) ?? null, all: () => [primary, backup], dialed: (id, p) => carriers.set(id, p) });

    const first = router.dial('sip:bob@x', 'Bob');
    expect(first).toEqual({ ok: true, id: 'p-1' });
    active = backup; // failed over
    const second = router.dial('sip:carol@x', 'Carol');
    expect(second).toEqual({ ok: true, id: 'b-1' });
    router.hold('p-1', true);
    router.hangup('p-1');
    router.hangup('b-1');
    expect(primary.asked).toEqual(['dial sip:bob@x', 'hold p-1 true', 'hangup p-1']);
    expect(backup.asked).toEqual(['dial sip:carol@x', 'hangup b-1']);

    router.networkChanged('wifi');
    void router.useMicrophone('usb');
    expect(primary.asked.slice(-2)).toEqual(['network', 'mic usb']);
    expect(backup.asked.slice(-2)).toEqual(['network', 'mic usb']);
  });

  it('without an active phone a dial says why instead of throwing', () => {
    const router = new PhoneRouter({ active: () => null, carrierOf: () => null, all: () => [], dialed: () => undefined });
    expect(router.dial('sip:bob@x', '')).toMatchObject({ ok: false });
  });
});
