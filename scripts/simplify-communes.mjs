// Makes the demo province's commune map (packages/web/src/ioc/map/communes.geojson) from the extracted ward
// boundaries (../shared/data/geojson-2025, see SOURCES.md there): Douglas-Peucker simplification, coordinates
// rounded to 4 decimals (about 11 m), only the properties the map uses (code, name).
// Usage: node scripts/simplify-communes.mjs <wards.geojson> <out.geojson> [tolerance in degrees, 0.003]
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output, tol = '0.003'] = process.argv.slice(2);
if (!input || !output) throw new Error('usage: simplify-communes.mjs <in> <out> [tolerance]');
const tolerance = Number(tol);

function perpendicular(p, a, b) {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = dx * dx + dy * dy;
  if (len === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

function simplify(points) {
  if (points.length < 3) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  while (stack.length) {
    const [s, e] = stack.pop();
    let max = 0;
    let at = -1;
    for (let i = s + 1; i < e; i++) {
      const d = perpendicular(points[i], points[s], points[e]);
      if (d > max) {
        max = d;
        at = i;
      }
    }
    if (at >= 0 && max > tolerance) {
      keep[at] = 1;
      stack.push([s, at], [at, e]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

const round = (p) => [Math.round(p[0] * 1e4) / 1e4, Math.round(p[1] * 1e4) / 1e4];
function ring(r) {
  let out = simplify(r).map(round);
  // A ring keeps at least four positions (a triangle, closed): fall back to a coarser sampling of the original.
  if (out.length < 4) {
    const step = Math.max(1, Math.floor(r.length / 4));
    out = r.filter((_, i) => i % step === 0).map(round);
    out.push(out[0]);
  }
  return out;
}

const data = JSON.parse(readFileSync(input, 'utf8'));
const features = data.features.map((f) => {
  const g = f.geometry;
  const coordinates = g.type === 'Polygon' ? g.coordinates.map(ring) : g.coordinates.map((poly) => poly.map(ring));
  return {
    type: 'Feature',
    properties: { code: f.properties.code, name: f.properties.fullName ?? f.properties.name },
    geometry: { type: g.type, coordinates },
  };
});
writeFileSync(output, JSON.stringify({ type: 'FeatureCollection', features }));
console.log(`${features.length} communes, ${JSON.stringify({ type: 'FeatureCollection', features }).length} bytes`);
