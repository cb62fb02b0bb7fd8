import { readFileSync, writeFileSync } from 'node:fs';
import { assertFiniteCoordinates } from './finite-coordinates.js';
import { float32Text } from './float32-text.js';
import { parseNumberToken } from './number-token.js';
import type { PolygonMesh } from './polygon-mesh.js';

interface TokenLine {
  tokens: string[];
  /** 1-based line number in the file. */
  line: number;
}

/**
 * Reads an OFF mesh as ModelNet stores it: `OFF`, then `vertices faces edges`, then the vertices and
 * faces (`k i1 … ik`, colours after the indices ignored); `#` comments and blank lines are skipped, and
 * the counts may follow `OFF` on the same line, even without a space (`OFF1234 5678 0`). `name` is
 * the file as errors should name it.
 */
export function parseOff(text: string, name: string): PolygonMesh {
  const where = `off: ${name}`;
  const lines = tokenLines(text);
  const first = lines[0];
  if (!first || !first.tokens[0]!.startsWith('OFF')) throw new Error(`${where}: does not start with OFF`);
  const sameLine = [first.tokens[0]!.slice(3), ...first.tokens.slice(1)].filter((token) => token !== '');
  let next = 1;
  const countTokens = sameLine.length > 0 ? sameLine : (lines[next++]?.tokens ?? []);
  const [vertexCount, faceCount] = countTokens.slice(0, 2).map((token) => (/^\d+$/.test(token) ? Number(token) : Number.NaN));
  if (vertexCount === undefined || faceCount === undefined || Number.isNaN(vertexCount) || Number.isNaN(faceCount)) {
    throw new Error(`${where}: expected 'vertices faces edges' counts after OFF, found '${countTokens.join(' ')}'`);
  }
  const truncated = (what: string) =>
    new Error(`${where}: truncated: header says ${vertexCount} vertices and ${faceCount} faces, the file ends after ${what}`);

  const vertices = new Float32Array(vertexCount * 3);
  for (let v = 0; v < vertexCount; v++) {
    const entry = lines[next++];
    if (!entry) throw truncated(`${v} vertices`);
    if (entry.tokens.length < 3) throw new Error(`${where}: line ${entry.line}: vertex ${v} has ${entry.tokens.length} coordinates, needs 3`);
    for (let axis = 0; axis < 3; axis++) vertices[v * 3 + axis] = numberAt(entry, axis, where);
  }
  assertFiniteCoordinates(vertices, where, 'vertex');

  const faces: number[][] = [];
  for (let f = 0; f < faceCount; f++) {
    const entry = lines[next++];
    if (!entry) throw truncated(`${vertexCount} vertices and ${f} faces`);
    const size = Number(entry.tokens[0]);
    if (!Number.isInteger(size) || size < 3 || entry.tokens.length < size + 1) {
      throw new Error(`${where}: line ${entry.line}: face ${f} '${entry.tokens.join(' ')}' is not 'k i1 … ik' with k ≥ 3`);
    }
    const indices = entry.tokens.slice(1, size + 1);
    const bad = indices.find((token) => !/^\d+$/.test(token) || Number(token) >= vertexCount);
    if (bad !== undefined) throw new Error(`${where}: line ${entry.line}: face ${f} has vertex index '${bad}', not in 0..${vertexCount - 1}`);
    faces.push(indices.map(Number));
  }
  return { vertices, vertexCount, faces };
}

/** Reads an OFF file; see parseOff. */
export function readOff(path: string): PolygonMesh {
  return parseOff(readFileSync(path, 'latin1'), path);
}

/** The mesh as OFF text: `OFF`, the counts (0 edges), one vertex and one face a line. */
export function formatOff(mesh: PolygonMesh): string {
  const lines = ['OFF', `${mesh.vertexCount} ${mesh.faces.length} 0`];
  for (let v = 0; v < mesh.vertexCount; v++) lines.push(Array.from(mesh.vertices.subarray(v * 3, v * 3 + 3), float32Text).join(' '));
  for (const face of mesh.faces) lines.push(`${face.length} ${face.join(' ')}`);
  return `${lines.join('\n')}\n`;
}

/** Writes the mesh as an OFF file; see formatOff. */
export function writeOff(path: string, mesh: PolygonMesh): void {
  writeFileSync(path, formatOff(mesh));
}

function tokenLines(text: string): TokenLine[] {
  const lines: TokenLine[] = [];
  text.split('\n').forEach((raw, i) => {
    const content = raw.replace(/#.*/, '').trim();
    if (content !== '') lines.push({ tokens: content.split(/\s+/), line: i + 1 });
  });
  return lines;
}

function numberAt(entry: TokenLine, index: number, where: string): number {
  const token = entry.tokens[index]!;
  const value = parseNumberToken(token);
  if (value === null) throw new Error(`${where}: line ${entry.line}: '${token}' is not a number`);
  return value;
}
