#!/usr/bin/env node
// Downloads the forecasting benchmarks listed in datasets/catalog.json from their canonical URLs.
//   node datasets/fetch.mjs <name|all> [more names] [--out datasets/cache]
// Files land at <out>/<file> (the layout the loaders and --data-dir expect). Needs internet; no dependencies.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const catalog = JSON.parse(readFileSync(join(here, 'catalog.json'), 'utf8')).datasets;
const usage = `usage: node datasets/fetch.mjs <name|all> [more names] [--out DIR]
datasets: ${catalog.map((entry) => entry.name).join(', ')}`;

function parseArgs(argv) {
  const names = [];
  let out = join(here, 'cache');
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--out') {
      const value = argv[i + 1];
      if (!value) throw new Error('--out needs a directory');
      out = resolve(value);
      i += 1;
    } else if (arg === '--help' || arg === '-h') {
      console.log(usage);
      process.exit(0);
    } else if (arg.startsWith('-')) {
      throw new Error(`unknown option ${arg}\n${usage}`);
    } else {
      names.push(arg);
    }
  }
  if (names.length === 0) throw new Error(usage);
  return { names, out };
}

function select(names) {
  if (names.some((name) => name.toLowerCase() === 'all')) return catalog;
  return names.map((name) => {
    const wanted = name.toLowerCase();
    const entry = catalog.find((candidate) =>
      [candidate.name, ...candidate.aliases].some((known) => known.toLowerCase() === wanted),
    );
    if (!entry) throw new Error(`unknown dataset '${name}'\n${usage}`);
    return entry;
  });
}

function hashes(bytes) {
  return {
    md5: createHash('md5').update(bytes).digest('hex'),
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

/** The catalog's checksums that `actual` fails, as 'md5 … (expected …)' lines; empty when all match. */
function mismatches(entry, actual) {
  return ['md5', 'sha256']
    .filter((kind) => entry[kind] && entry[kind] !== actual[kind])
    .map((kind) => `${kind} ${actual[kind]} (expected ${entry[kind]})`);
}

// weather_nodate.csv is the collection's weather.csv without its leading date column.
function dropDateColumn(bytes, url) {
  const lines = bytes.toString('utf8').split('\n');
  const firstField = lines[0]?.split(',')[0]?.replace(/"/g, '').trim();
  if (firstField !== 'date') throw new Error(`${url}: expected a leading date column, header starts '${firstField}'`);
  return Buffer.from(lines.map((line) => line.slice(line.indexOf(',') + 1)).join('\n'), 'utf8');
}

async function download(entry) {
  const response = await fetch(entry.url);
  if (!response.ok) throw new Error(`${entry.url}: HTTP ${response.status} ${response.statusText}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  return entry.dropDateColumn ? dropDateColumn(bytes, entry.url) : bytes;
}

async function fetchDataset(entry, out) {
  const target = join(out, entry.file);
  if (existsSync(target)) {
    const actual = hashes(readFileSync(target));
    console.log(`${entry.name}: ${target} exists, sha256 ${actual.sha256}`);
    const wrong = mismatches(entry, actual);
    if (wrong.length > 0) {
      throw new Error(`${target} does not match the catalog: ${wrong.join(', ')}; refusing to overwrite it, move it away first`);
    }
    return;
  }
  console.log(`${entry.name}: downloading ${entry.url}`);
  const bytes = await download(entry);
  const actual = hashes(bytes);
  console.log(`${entry.name}: sha256 ${actual.sha256}, md5 ${actual.md5}`);
  const wrong = mismatches(entry, actual);
  if (wrong.length > 0) throw new Error(`${entry.url} does not match the catalog: ${wrong.join(', ')}; not written`);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(`${target}.part`, bytes);
  renameSync(`${target}.part`, target);
  console.log(`${entry.name}: wrote ${target}`);
}

async function main() {
  const { names, out } = parseArgs(process.argv.slice(2));
  let failed = 0;
  for (const entry of select(names)) {
    try {
      await fetchDataset(entry, out);
    } catch (error) {
      failed += 1;
      console.error(`${entry.name}: ${error.message}`);
    }
  }
  if (failed > 0) process.exit(1);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
