/**
 * SHA-256 in plain JavaScript, for pages without `crypto.subtle` (plain-http pages are not a secure
 * context). A chunk of its own: `sha256Hex` in `event.ts` imports it only there.
 * @module
 */

let K: number[] | null = null;
let H0: number[] = [];

/** First 32 bits of the fractional part of x. */
const frac = (x: number): number => ((x - Math.floor(x)) * 2 ** 32) >>> 0;
const ror = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/**
 * SHA-256 (FIPS 180-4) in plain JavaScript, as 64 lowercase hex digits. The round constants are
 * computed from the primes (cube roots for K, square roots for the initial hash), which keeps the
 * code short; the tests compare it with `crypto.subtle`.
 */
export function sha256Js(data: Uint8Array): string {
  if (!K) {
    K = [];
    H0 = [];
    for (let n = 2; K.length < 64; n++) {
      let prime = true;
      for (let i = 2; i * i <= n; i++) if (n % i === 0) prime = false;
      if (!prime) continue;
      if (H0.length < 8) H0.push(frac(Math.sqrt(n)));
      K.push(frac(Math.cbrt(n)));
    }
  }
  const k = K;
  const len = data.length;
  const total = Math.ceil((len + 9) / 64) * 64;
  const m = new Uint8Array(total);
  m.set(data);
  m[len] = 0x80;
  const view = new DataView(m.buffer);
  view.setUint32(total - 8, Math.floor(len / 2 ** 29));
  view.setUint32(total - 4, (len * 8) >>> 0);
  const h = H0.slice();
  const w = new Array<number>(64);
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      w[i] = (w[i - 16]! + (ror(a, 7) ^ ror(a, 18) ^ (a >>> 3)) + w[i - 7]! + (ror(b, 17) ^ ror(b, 19) ^ (b >>> 10))) | 0;
    }
    let [a, b, c, d, e, f, g, hh] = h as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + k[i]! + w[i]!) | 0;
      const t2 = ((ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    [a, b, c, d, e, f, g, hh].forEach((x, i) => { h[i] = (h[i]! + x) | 0; });
  }
  return h.map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
}
