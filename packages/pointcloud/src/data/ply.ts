import { readFileSync, writeFileSync } from 'node:fs';
import { assertFiniteCoordinates } from './finite-coordinates.js';
import { float32Text } from './float32-text.js';
import { readHeaderLines } from './header-lines.js';
import { parseNumberToken } from './number-token.js';
import { NUMERIC_SIZE, readNumeric } from './numeric-field.js';
import type { NumericKind } from './numeric-field.js';
import { parsePlyHeader } from './ply-header.js';
import type { PlyHeader } from './ply-header.js';
import type { PointCloud } from './point-cloud.js';

/** The encodings formatPly writes. */
export type PlyWriteFormat = 'ascii' | 'binary_little_endian';

/** Yields the file's values in order; undefined once the data ends. */
type ValueSource = (kind: NumericKind) => number | undefined;

const AXES = ['x', 'y', 'z'] as const;

/**
 * Reads the vertex x, y, z of a PLY file (ascii or binary, vertex properties of any type; other vertex
 * properties, faces and other elements are skipped). `name` is the file as errors should name it.
 */
export function parsePly(bytes: Uint8Array, name: string): PointCloud {
  const where = `ply: ${name}`;
  const header = readHeaderLines(bytes, (line) => line === 'end_header');
  if (!header) throw new Error(`${where}: no end_header line, not a PLY file or the header is cut off`);
  const ply = parsePlyHeader(header.lines, where);
  const vertex = ply.elements.find((element) => element.name === 'vertex');
  if (!vertex) throw new Error(`${where}: no vertex element`);
  const axisProperties = AXES.map((axis) => vertex.properties.findIndex((p) => p.name === axis && p.countKind === undefined));
  const absent = AXES.filter((_, a) => axisProperties[a]! < 0);
  if (absent.length > 0) throw new Error(`${where}: vertex has no scalar property ${absent.join(', ')}`);

  const body = bytes.subarray(header.dataStart);
  const next = ply.format === 'ascii' ? asciiSource(body) : binarySource(body, ply.format === 'binary_little_endian');
  const points = new Float32Array(vertex.count * 3);
  let place = '';
  const value = (kind: NumericKind): number => {
    let read: number | undefined;
    try {
      read = next(kind);
    } catch (error) {
      throw new Error(`${where}: ${place}: ${(error as Error).message}`);
    }
    if (read === undefined) throw new Error(`${where}: truncated: header says ${elementCounts(ply)}, the data ends in ${place}`);
    return read;
  };
  for (const element of ply.elements) {
    const isVertex = element === vertex;
    for (let record = 0; record < element.count; record++) {
      place = `${element.name} ${record}`;
      element.properties.forEach((property, p) => {
        if (property.countKind !== undefined) {
          const length = value(property.countKind);
          for (let k = 0; k < length; k++) value(property.kind);
          return;
        }
        const read = value(property.kind);
        const axis = axisProperties.indexOf(p);
        if (isVertex && axis >= 0) points[record * 3 + axis] = read;
      });
    }
    // Faces and any later elements are not needed.
    if (isVertex) break;
  }
  assertFiniteCoordinates(points, where);
  return { points, count: vertex.count };
}

/** Reads a PLY file; see parsePly. */
export function readPly(path: string): PointCloud {
  return parsePly(readFileSync(path), path);
}

/** A PLY file with one element, vertex, of float x y z. */
export function formatPly(cloud: PointCloud, format: PlyWriteFormat): Uint8Array {
  if (cloud.points.length !== cloud.count * 3) throw new Error(`formatPly: ${cloud.points.length} values are not ${cloud.count} points × 3`);
  const header = ['ply', `format ${format} 1.0`, `element vertex ${cloud.count}`, ...AXES.map((axis) => `property float ${axis}`), 'end_header', ''];
  const head = new TextEncoder().encode(header.join('\n'));
  let data: Uint8Array;
  if (format === 'ascii') {
    const lines: string[] = [];
    for (let i = 0; i < cloud.count; i++) lines.push(`${Array.from(cloud.points.subarray(i * 3, i * 3 + 3), float32Text).join(' ')}\n`);
    data = new TextEncoder().encode(lines.join(''));
  } else {
    data = new Uint8Array(cloud.points.length * 4);
    const view = new DataView(data.buffer);
    cloud.points.forEach((value, i) => view.setFloat32(i * 4, value, true));
  }
  const file = new Uint8Array(head.length + data.length);
  file.set(head);
  file.set(data, head.length);
  return file;
}

/** Writes the cloud as a PLY file; see formatPly. */
export function writePly(path: string, cloud: PointCloud, format: PlyWriteFormat): void {
  writeFileSync(path, formatPly(cloud, format));
}

function elementCounts(ply: PlyHeader): string {
  return ply.elements.map((element) => `${element.count} ${element.name}`).join(', ');
}

function asciiSource(body: Uint8Array): ValueSource {
  const tokens = new TextDecoder('latin1').decode(body).split(/\s+/).filter((token) => token !== '');
  let at = 0;
  return () => {
    const token = tokens[at++];
    if (token === undefined) return undefined;
    const value = parseNumberToken(token);
    if (value === null) throw new Error(`'${token}' is not a number`);
    return value;
  };
}

function binarySource(body: Uint8Array, littleEndian: boolean): ValueSource {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let offset = 0;
  return (kind) => {
    const size = NUMERIC_SIZE[kind];
    if (offset + size > body.length) return undefined;
    const value = readNumeric(view, offset, kind, littleEndian);
    offset += size;
    return value;
  };
}
