import type { NumericKind } from './numeric-field.js';

/** A property of a PLY element: a scalar, or a list whose length is stored as `countKind`. */
export interface PlyProperty {
  name: string;
  kind: NumericKind;
  countKind?: NumericKind;
}

/** An `element` of a PLY header (vertex, face, …) with its record count and properties in order. */
export interface PlyElement {
  name: string;
  count: number;
  properties: PlyProperty[];
}

/** How a PLY file stores its records. */
export type PlyFormat = 'ascii' | 'binary_little_endian' | 'binary_big_endian';

/** What a PLY header says about the data after `end_header`. */
export interface PlyHeader {
  format: PlyFormat;
  elements: PlyElement[];
}

const KINDS: Readonly<Record<string, NumericKind>> = {
  char: 'int8',
  int8: 'int8',
  uchar: 'uint8',
  uint8: 'uint8',
  short: 'int16',
  int16: 'int16',
  ushort: 'uint16',
  uint16: 'uint16',
  int: 'int32',
  int32: 'int32',
  uint: 'uint32',
  uint32: 'uint32',
  float: 'float32',
  float32: 'float32',
  double: 'float64',
  float64: 'float64',
};

const FORMATS: readonly string[] = ['ascii', 'binary_little_endian', 'binary_big_endian'];

/**
 * Parses the lines of a PLY header, from `ply` to `end_header` (comment and obj_info lines skipped).
 * Errors start with `where`.
 */
export function parsePlyHeader(lines: readonly string[], where: string): PlyHeader {
  if (lines[0] !== 'ply') throw new Error(`${where}: does not start with 'ply'`);
  let format: PlyFormat | undefined;
  const elements: PlyElement[] = [];
  const kindOf = (type: string | undefined, line: string): NumericKind => {
    const kind = type === undefined ? undefined : KINDS[type];
    if (kind === undefined) throw new Error(`${where}: unknown property type '${type ?? ''}' in '${line}'`);
    return kind;
  };
  for (const line of lines.slice(1, -1)) {
    const [keyword, ...rest] = line.split(/\s+/);
    if (keyword === 'comment' || keyword === 'obj_info' || line === '') continue;
    if (keyword === 'format') {
      if (!FORMATS.includes(rest[0] ?? '')) throw new Error(`${where}: format '${rest[0] ?? ''}' is not one of ${FORMATS.join(', ')}`);
      format = rest[0] as PlyFormat;
    } else if (keyword === 'element') {
      const [name, count] = rest;
      if (name === undefined || count === undefined || !/^\d+$/.test(count)) throw new Error(`${where}: malformed '${line}'`);
      elements.push({ name, count: Number(count), properties: [] });
    } else if (keyword === 'property') {
      const element = elements[elements.length - 1];
      if (!element) throw new Error(`${where}: '${line}' comes before any element`);
      const list = rest[0] === 'list';
      const name = list ? rest[3] : rest[1];
      if (name === undefined) throw new Error(`${where}: malformed '${line}'`);
      element.properties.push(
        list ? { name, kind: kindOf(rest[2], line), countKind: kindOf(rest[1], line) } : { name, kind: kindOf(rest[0], line) },
      );
    } else {
      throw new Error(`${where}: unknown header line '${line}'`);
    }
  }
  if (format === undefined) throw new Error(`${where}: header has no format line`);
  return { format, elements };
}
