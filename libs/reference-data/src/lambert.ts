import type { GeoPoint } from './geo';

// Lambert-93 (EPSG:2154, RGF93 / GRS80) projection constants, IGN notice NTG_71.
const N = 0.725607765053267;
const C = 11754255.426096;
const XS = 700000;
const YS = 12655612.049876;
const E = 0.0818191910428158;
const LON0 = (3 * Math.PI) / 180;

/**
 * Converts Lambert-93 metres (metropolitan France, as in SIRENE's coordonneeLambert* columns) to
 * WGS84 degrees. Undefined for coordinates outside metropolitan France's range.
 */
export function lambert93ToWgs84(x: number, y: number): GeoPoint | undefined {
  if (!Number.isFinite(x) || !Number.isFinite(y) || x < 0 || x > 1_300_000 || y < 6_000_000 || y > 7_200_000) return undefined;
  const dx = x - XS;
  const dy = y - YS;
  const r = Math.sqrt(dx * dx + dy * dy);
  const gamma = Math.atan(dx / -dy);
  const lon = LON0 + gamma / N;
  const latIso = -Math.log(Math.abs(r / C)) / N;
  let lat = 2 * Math.atan(Math.exp(latIso)) - Math.PI / 2;
  for (let i = 0; i < 10; i += 1) {
    const s = E * Math.sin(lat);
    const next = 2 * Math.atan(((1 + s) / (1 - s)) ** (E / 2) * Math.exp(latIso)) - Math.PI / 2;
    if (Math.abs(next - lat) < 1e-12) {
      lat = next;
      break;
    }
    lat = next;
  }
  return { lat: (lat * 180) / Math.PI, lon: (lon * 180) / Math.PI };
}
