/**
 * SHA-256 in plain JavaScript, for pages without `crypto.subtle` (plain-http pages are not a secure
 * context). A chunk of its own: `sha256Hex` in `event.ts` imports it only there.
 * @module
 */

/** First 32 bits of the fractional part of x. */
const frac = (x: number): number => ((x - Math.floor(x)) * 2 ** 32) | 0;
const ror = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/**
 * SHA-256 (FIPS 180-4) of `data`, as 64 lowercase hex digits. The constants are computed from the
 * first primes (square roots for the initial hash, cube roots for the round constants), which keeps
 * the code short; the tests compare the result with `crypto.subtle`.
 */
export function sha256Js(data: Uint8Array): string {
  const k: number[] = [];
  let h: number[] = [];
  for (let n = 2; k.length < 64; n++) {
    let prime = true;
    for (let i = 2; i * i <= n; i++) if (n % i === 0) prime = false;
    if (prime) {
      if (h.length < 8) h.push(frac(n ** (1 / 2)));
      k.push(frac(n ** (1 / 3)));
    }
  }
  // Padding: a 1 bit, zeros, and the length in bits as a 64-bit big-endian number.
  const len = data.length;
  const m = new Uint8Array(((len + 72) >> 6) << 6);
  m.set(data);
  m[len] = 0x80;
  const view = new DataView(m.buffer);
  view.setUint32(m.length - 8, len / 2 ** 29);
  view.setUint32(m.length - 4, len * 8);
  const w: number[] = [];
  for (let off = 0; off < m.length; off += 64) {
    let [a, b, c, d, e, f, g, hh] = h as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i++) {
      if (i < 16) w[i] = view.getUint32(off + i * 4);
      else {
        const x = w[i - 15]!;
        const y = w[i - 2]!;
        w[i] = (w[i - 16]! + (ror(x, 7) ^ ror(x, 18) ^ (x >>> 3)) + w[i - 7]! + (ror(y, 17) ^ ror(y, 19) ^ (y >>> 10))) | 0;
      }
      const t1 = (hh + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + k[i]! + w[i]!) | 0;
      const t2 = ((ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      [hh, g, f, e, d, c, b, a] = [g, f, e, (d + t1) | 0, c, b, a, (t1 + t2) | 0];
    }
    const out = [a, b, c, d, e, f, g, hh];
    h = h.map((x, i) => (x + out[i]!) | 0);
  }
  return h.map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
}
