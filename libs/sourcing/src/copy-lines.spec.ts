import { CopyLines } from './copy-lines';

describe('CopyLines', () => {
  it('writes COPY text lines as UTF-8, text values escaped and null as \\N', () => {
    const out = new CopyLines();
    out.raw('12345678901234');
    out.tab();
    out.value('Forges de l’Est — œuvre ✓ 𝄞');
    out.tab();
    out.value('a\\b\tc\nd\re');
    out.tab();
    out.value(null);
    out.newline();
    expect(out.take()?.toString('utf8')).toBe('12345678901234\tForges de l’Est — œuvre ✓ 𝄞\ta\\\\b\\tc\\nd\\re\t\\N\n');
  });

  it('encodes every string as Buffer.from does, a lone surrogate included', () => {
    const out = new CopyLines();
    for (const s of ['é', '\ud83d', 'x\udc00y', '😀', '']) out.raw(s);
    expect(out.take()).toEqual(Buffer.from(['é', '\ud83d', 'x\udc00y', '😀', ''].join('')));
  });

  it('grows past its first buffer and hands out independent chunks', () => {
    const out = new CopyLines(16);
    const long = 'é'.repeat(1000);
    out.value(long);
    out.newline();
    const first = out.take();
    expect(first?.toString('utf8')).toBe(`${long}\n`);
    expect(out.take()).toBeUndefined();
    out.raw('next');
    const second = out.take();
    expect(second?.toString()).toBe('next');
    expect(first?.toString('utf8')).toBe(`${long}\n`);
  });
});
