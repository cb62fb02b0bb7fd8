import type { NumericKind } from './numeric-field.js';

/** One FIELDS entry of a PCD header with its SIZE, TYPE and COUNT. */
export interface PcdField {
  name: string;
  kind: NumericKind;
  /** Values per point (COUNT), e.g. 33 for an FPFH descriptor. */
  count: number;
}

/** What a PCD v0.7 header says about the data that follows it. */
export interface PcdHeader {
  fields: PcdField[];
  width: number;
  height: number;
  points: number;
  data: 'ascii' | 'binary';
}

const KEYWORDS = ['VERSION', 'FIELDS', 'SIZE', 'TYPE', 'COUNT', 'WIDTH', 'HEIGHT', 'VIEWPOINT', 'POINTS', 'DATA'] as const;
type Keyword = (typeof KEYWORDS)[number];
const REQUIRED: readonly Keyword[] = ['FIELDS', 'SIZE', 'TYPE', 'WIDTH', 'HEIGHT', 'POINTS', 'DATA'];

const KINDS: Readonly<Record<string, NumericKind>> = {
  F4: 'float32',
  F8: 'float64',
  I1: 'int8',
  I2: 'int16',
  I4: 'int32',
  I8: 'int64',
  U1: 'uint8',
  U2: 'uint16',
  U4: 'uint32',
  U8: 'uint64',
};

function isKeyword(word: string): word is Keyword {
  return (KEYWORDS as readonly string[]).includes(word);
}

/**
 * Parses the header lines of a PCD file (comments and blank lines allowed, COUNT optional) and checks
 * them: every required line present, one SIZE/TYPE/COUNT per field, POINTS = WIDTH × HEIGHT, fields
 * x, y, z present once each. Errors start with `where`.
 */
export function parsePcdHeader(lines: readonly string[], where: string): PcdHeader {
  const values = new Map<Keyword, string[]>();
  for (const line of lines) {
    if (line === '' || line.startsWith('#')) continue;
    const [word = '', ...rest] = line.split(/\s+/);
    const keyword = word.toUpperCase();
    if (!isKeyword(keyword)) throw new Error(`${where}: unknown header line '${line}'`);
    values.set(keyword, rest);
  }
  const missing = REQUIRED.filter((keyword) => !values.has(keyword));
  if (missing.length > 0) throw new Error(`${where}: header has no ${missing.join(', ')} line`);
  const get = (keyword: Keyword): string[] => values.get(keyword) ?? [];

  const names = get('FIELDS');
  const sizes = get('SIZE');
  const types = get('TYPE');
  const counts = values.get('COUNT') ?? names.map(() => '1');
  for (const [keyword, list] of [['SIZE', sizes], ['TYPE', types], ['COUNT', counts]] as const) {
    if (list.length !== names.length) {
      throw new Error(`${where}: ${keyword} has ${list.length} entries, FIELDS has ${names.length} (${names.join(' ')})`);
    }
  }
  const fields = names.map((name, i): PcdField => {
    const code = `${types[i]!.toUpperCase()}${sizes[i]}`;
    const kind = KINDS[code];
    if (kind === undefined) {
      throw new Error(`${where}: field ${name} has TYPE ${types[i]} with SIZE ${sizes[i]}, not one of ${Object.keys(KINDS).join(' ')}`);
    }
    return { name, kind, count: headerInteger(counts[i]!, `COUNT of ${name}`, where) };
  });
  for (const axis of ['x', 'y', 'z']) {
    const matching = fields.filter((field) => field.name === axis);
    if (matching.length !== 1 || matching[0]!.count !== 1) {
      throw new Error(`${where}: needs one field ${axis} with COUNT 1, FIELDS is ${names.join(' ')}`);
    }
  }

  const width = headerInteger(get('WIDTH')[0], 'WIDTH', where);
  const height = headerInteger(get('HEIGHT')[0], 'HEIGHT', where);
  const points = headerInteger(get('POINTS')[0], 'POINTS', where);
  if (points !== width * height) throw new Error(`${where}: POINTS ${points} but WIDTH × HEIGHT = ${width} × ${height} = ${width * height}`);

  const data = (get('DATA')[0] ?? '').toLowerCase();
  if (data === 'binary_compressed') throw new Error(`${where}: DATA binary_compressed is unsupported; save the cloud as binary or ascii`);
  if (data !== 'ascii' && data !== 'binary') throw new Error(`${where}: DATA '${data}' is not ascii, binary or binary_compressed`);
  return { fields, width, height, points, data };
}

function headerInteger(text: string | undefined, what: string, where: string): number {
  if (text === undefined || !/^\d+$/.test(text)) throw new Error(`${where}: ${what} '${text ?? ''}' is not a non-negative integer`);
  return Number(text);
}
