import { describe, expect, it } from 'vitest';
import { dialLinkFromArgv, parseDialLink } from './dial-link';

describe('tel: and sip: links', () => {
  it('reduces a tel: link to the number, without visual separators or parameters', () => {
    expect(parseDialLink('tel:+1-415-555-0100')).toEqual({ ok: true, scheme: 'tel', target: '+14155550100' });
    expect(parseDialLink('TEL:(415)%20555.0100')).toEqual({ ok: true, scheme: 'tel', target: '4155550100' });
    expect(parseDialLink('tel:7042;phone-context=example.com')).toEqual({ ok: true, scheme: 'tel', target: '7042' });
    expect(parseDialLink('tel://+4930123456')).toEqual({ ok: true, scheme: 'tel', target: '+4930123456' });
    expect(parseDialLink('tel:*72#')).toEqual({ ok: true, scheme: 'tel', target: '*72#' });
  });

  it('refuses tel: links that are not a phone number', () => {
    for (const bad of ['tel:', 'tel:abc', 'tel:+1 415 555 0100 or rm -rf', 'tel:%E0%A4%A', 'tel:++1', `tel:${'1'.repeat(40)}`]) {
      expect(parseDialLink(bad).ok, bad).toBe(false);
    }
  });

  it('keeps sip:user@host[:port] and drops parameters and headers (a Replaces header could take over a call)', () => {
    expect(parseDialLink('sip:alice@pbx.example.com')).toEqual({ ok: true, scheme: 'sip', target: 'sip:alice@pbx.example.com' });
    expect(parseDialLink('SIP:Bob@PBX.Example.com:5070;transport=tcp')).toEqual({ ok: true, scheme: 'sip', target: 'sip:Bob@pbx.example.com:5070' });
    expect(parseDialLink('sip:+14155550100@pbx.example.com;user=phone')).toEqual({ ok: true, scheme: 'sip', target: 'sip:+14155550100@pbx.example.com' });
    expect(parseDialLink('sip:alice@pbx.example.com?Replaces=abc%3Bto-tag%3D1%3Bfrom-tag%3D2&Subject=hi')).toEqual({
      ok: true,
      scheme: 'sip',
      target: 'sip:alice@pbx.example.com',
    });
    expect(parseDialLink('sip:alice@[2001:db8::1]:5060')).toEqual({ ok: true, scheme: 'sip', target: 'sip:alice@[2001:db8::1]:5060' });
    expect(parseDialLink('sip:alice@192.0.2.10')).toEqual({ ok: true, scheme: 'sip', target: 'sip:alice@192.0.2.10' });
  });

  it('refuses sip: links without a user, with a password, or with an odd host, port or character', () => {
    for (const bad of [
      'sip:pbx.example.com',
      'sip:@pbx.example.com',
      'sip:alice:secret@pbx.example.com',
      'sip:al ice@pbx.example.com',
      'sip:alice@pbx..example.com',
      'sip:alice@-pbx.example.com',
      'sip:alice@pbx.example.com:0',
      'sip:alice@pbx.example.com:99999',
      'sip:alice@pbx.example.com:50x',
      'sip:alice<script>@pbx.example.com',
      'sip:alice@pbx.example.com/../x',
      'sips:alice@pbx.example.com',
      'https://example.com',
      'callto:alice',
      '',
      `tel:${'1'.repeat(3000)}`,
    ]) {
      expect(parseDialLink(bad).ok, bad).toBe(false);
    }
  });

  it('finds the link in a command line, never in a switch', () => {
    expect(dialLinkFromArgv(['/opt/Warmline/warmline', '--hidden', 'tel:+14155550100'])).toBe('tel:+14155550100');
    expect(dialLinkFromArgv(['electron', '.', '--config', 'seat.json', 'sip:bob@example.com'])).toBe('sip:bob@example.com');
    expect(dialLinkFromArgv(['warmline', '--x=tel:1'])).toBeNull();
    expect(dialLinkFromArgv(['warmline'])).toBeNull();
  });
});
