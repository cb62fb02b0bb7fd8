/** The shortest decimal text that reads back as the same float32 value (at most 9 significant digits). */
export function float32Text(value: number): string {
  const target = Math.fround(value);
  if (!Number.isFinite(target)) return String(target);
  if (Object.is(target, -0)) return '-0';
  for (let digits = 1; digits < 9; digits++) {
    const text = String(Number(target.toPrecision(digits)));
    if (Math.fround(Number(text)) === target) return text;
  }
  return String(Number(target.toPrecision(9)));
}
