import { readFileSync, writeFileSync } from 'node:fs';
import { assertFiniteCoordinates } from './finite-coordinates.js';
import { float32Text } from './float32-text.js';
import { readHeaderLines } from './header-lines.js';
import { parseNumberToken } from './number-token.js';
import { NUMERIC_SIZE, readNumeric } from './numeric-field.js';
import { parsePcdHeader } from './pcd-header.js';
import type { PcdHeader } from './pcd-header.js';
import type { PointCloud } from './point-cloud.js';

/** How a PCD writer stores the points: one text line per point, or little-endian float32 records. */
export type PcdEncoding = 'ascii' | 'binary';

const AXES = ['x', 'y', 'z'] as const;

/**
 * Reads the x, y, z of a PCD v0.7 file (DATA ascii or binary; other fields of any SIZE/TYPE/COUNT are
 * skipped). `name` is the file as errors should name it.
 */
export function parsePcd(bytes: Uint8Array, name: string): PointCloud {
  const where = `pcd: ${name}`;
  const header = readHeaderLines(bytes, (line) => /^DATA(\s|$)/i.test(line));
  if (!header) throw new Error(`${where}: no DATA line, not a PCD file or the header is cut off`);
  const pcd = parsePcdHeader(header.lines, where);
  const body = bytes.subarray(header.dataStart);
  const points = pcd.data === 'binary' ? binaryPoints(pcd, body, where) : asciiPoints(pcd, body, header.lines.length, where);
  assertFiniteCoordinates(points, where);
  return { points, count: pcd.points };
}

/** Reads a PCD file; see parsePcd. */
export function readPcd(path: string): PointCloud {
  return parsePcd(readFileSync(path), path);
}

/** A PCD v0.7 file holding the cloud as fields x y z of float32. */
export function formatPcd(cloud: PointCloud, encoding: PcdEncoding): Uint8Array {
  if (cloud.points.length !== cloud.count * 3) throw new Error(`formatPcd: ${cloud.points.length} values are not ${cloud.count} points × 3`);
  const header = [
    '# .PCD v0.7 - Point Cloud Data file format',
    'VERSION 0.7',
    'FIELDS x y z',
    'SIZE 4 4 4',
    'TYPE F F F',
    'COUNT 1 1 1',
    `WIDTH ${cloud.count}`,
    'HEIGHT 1',
    'VIEWPOINT 0 0 0 1 0 0 0',
    `POINTS ${cloud.count}`,
    `DATA ${encoding}`,
    '',
  ].join('\n');
  const head = new TextEncoder().encode(header);
  if (encoding === 'ascii') {
    const lines = [];
    for (let i = 0; i < cloud.count; i++) lines.push(Array.from(cloud.points.subarray(i * 3, i * 3 + 3), float32Text).join(' '));
    return concat(head, new TextEncoder().encode(lines.map((line) => `${line}\n`).join('')));
  }
  const data = new Uint8Array(cloud.points.length * 4);
  const view = new DataView(data.buffer);
  cloud.points.forEach((value, i) => view.setFloat32(i * 4, value, true));
  return concat(head, data);
}

/** Writes the cloud as a PCD file; see formatPcd. */
export function writePcd(path: string, cloud: PointCloud, encoding: PcdEncoding): void {
  writeFileSync(path, formatPcd(cloud, encoding));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

function binaryPoints(pcd: PcdHeader, body: Uint8Array, where: string): Float32Array {
  const offsets: number[] = [];
  let recordSize = 0;
  for (const field of pcd.fields) {
    offsets.push(recordSize);
    recordSize += NUMERIC_SIZE[field.kind] * field.count;
  }
  if (body.length < pcd.points * recordSize) {
    throw new Error(`${where}: truncated: header says ${pcd.points} points × ${recordSize} bytes, ${body.length} bytes follow`);
  }
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const points = new Float32Array(pcd.points * 3);
  AXES.forEach((axis, a) => {
    const index = pcd.fields.findIndex((field) => field.name === axis);
    const kind = pcd.fields[index]!.kind;
    for (let i = 0; i < pcd.points; i++) points[i * 3 + a] = readNumeric(view, i * recordSize + offsets[index]!, kind, true);
  });
  return points;
}

function asciiPoints(pcd: PcdHeader, body: Uint8Array, headerLineCount: number, where: string): Float32Array {
  const lines = new TextDecoder('latin1').decode(body).split('\n');
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length !== pcd.points) {
    const problem = lines.length < pcd.points ? 'truncated: ' : '';
    throw new Error(`${where}: ${problem}header says ${pcd.points} points, ${lines.length} lines follow`);
  }
  const columns: string[] = pcd.fields.flatMap((field) => Array.from({ length: field.count }, () => field.name));
  const axisColumns = AXES.map((axis) => columns.indexOf(axis));
  const points = new Float32Array(pcd.points * 3);
  lines.forEach((line, i) => {
    const lineNumber = headerLineCount + i + 1;
    const tokens = line.trim().split(/\s+/);
    if (tokens.length !== columns.length) {
      throw new Error(`${where}: line ${lineNumber}: ${tokens.length} values, FIELDS need ${columns.length}`);
    }
    tokens.forEach((token, column) => {
      const value = parseNumberToken(token);
      if (value === null) throw new Error(`${where}: line ${lineNumber}: '${token}' is not a number (field ${columns[column]})`);
      const axis = axisColumns.indexOf(column);
      if (axis >= 0) points[i * 3 + axis] = value;
    });
  });
  return points;
}
