// Agency codes in the browser: just enough of src/core/agency_code.cpp to tell the admin, while
// typing, that a child's code does not extend its parent's code (QCVN 102:2016: 000.00.05.H10
// under 000.00.00.H01). The server checks the same rule and answers it as a warning.

const QCVN102 = /^([0-9A-Z]{3})\.([0-9A-Z]{2})\.([0-9A-Z]{2})\.([A-Y][0-9]{2})$/;
const LEVEL_ONE = /^[A-Y][0-9]{2}$/;
const allZeros = (group: string) => /^0+$/.test(group);

/** The code's levels, level 1 first (["H01", "05"] for 000.00.05.H01), or null when invalid. */
export function codeLevels(code: string): string[] | null {
  const qcvn = QCVN102.exec(code);
  if (qcvn) {
    const [, ddd, cc, bb, axx] = qcvn as unknown as [string, string, string, string, string];
    const groups = [ddd, cc, bb]; // level 4, 3, 2
    const lowest = groups.findIndex((group) => !allZeros(group));
    const levels = [axx];
    if (lowest >= 0) {
      for (let i = 2; i >= lowest; i -= 1) levels.push(groups[i] as string);
    }
    return levels;
  }
  const parts = code.split('.');
  if (
    code.length > 35 ||
    !LEVEL_ONE.test(parts[0] ?? '') ||
    parts.some((p) => !/^[0-9A-Z]+$/.test(p))
  ) {
    return null;
  }
  return parts;
}

/**
 * False when both codes are valid and the child's levels do not extend the parent's; true
 * otherwise (nothing to warn about, including codes still being typed).
 */
export function codeDescendsFrom(childCode: string, parentCode: string): boolean {
  const child = codeLevels(childCode);
  const parent = codeLevels(parentCode);
  if (!child || !parent) return true;
  return child.length > parent.length && parent.every((level, i) => child[i] === level);
}
