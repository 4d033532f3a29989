import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './sender-check';

describe('IPC sender check', () => {
  const webContents = { id: 1 };
  const top = (url: string) => ({ url, parent: null });

  it('serves our window showing our page, from its top frame', () => {
    expect(isTrustedSender({ sender: webContents, senderFrame: top('app://warmline/index.html') }, webContents)).toBe(true);
  });

  it('refuses another webContents, a subframe, a frame gone, or a page elsewhere', () => {
    expect(isTrustedSender({ sender: { id: 2 }, senderFrame: top('app://warmline/index.html') }, webContents)).toBe(false);
    expect(isTrustedSender({ sender: webContents, senderFrame: { url: 'app://warmline/index.html', parent: {} } }, webContents)).toBe(false);
    expect(isTrustedSender({ sender: webContents, senderFrame: null }, webContents)).toBe(false);
    for (const url of ['https://evil.example/', 'app://warmline.evil/', 'app://warmlinex/', 'file:///index.html', '']) {
      expect(isTrustedSender({ sender: webContents, senderFrame: top(url) }, webContents), url).toBe(false);
    }
  });
});
