/**
 * Matching directory units in text: full names, aliases (pre-reform names such as 县国土资源局 among them),
 * and the same without the 县 prefix or the 人民政府 suffix, longest first. A city's or province's namesake
 * (市委宣传部, 市住房和城乡建设局, 省应急管理厅…) is recognised as a whole so that no alias inside it
 * (宣传部, 建设局) is read as ours.
 */

export type Directory = { units: ReadonlyArray<{ name: string; aliases: readonly string[] }> };

/** `unit` is null for a namesake of another level of government. */
export type Alias = { alias: string; unit: string | null };

const SUPERIOR_PREFIXES = ['市', '省', '州', '区'];
// 县委宣传部 → 委宣传部 is not a name: only plain 县X局 names lose their prefix.
const PARTY_OR_GOVERNMENT = /^县(?:委|政府|人民政府|人大|政协)/;

/** Entries by their first character, longest first: a text is scanned once per character. */
export type AliasTable = ReadonlyMap<string, readonly Alias[]>;

// One table per directory object: a reading builds it once for the units and once for the title.
const built = new WeakMap<Directory, AliasTable>();

export function aliasTable(directory: Directory): AliasTable {
  const cached = built.get(directory);
  if (cached) return cached;
  const owners = new Map<string, Set<string>>();
  const add = (alias: string, unit: string): void => {
    if (alias.length < 2) return;
    const set = owners.get(alias) ?? new Set<string>();
    set.add(unit);
    owners.set(alias, set);
  };
  const bases = new Set<string>();
  for (const u of directory.units) {
    for (const a of [u.name, ...u.aliases]) {
      add(a, u.name);
      const base = a.startsWith('县') ? a.slice(1) : a;
      if (base.length >= 2) bases.add(base);
      if (a.startsWith('县') && a.length >= 4 && !PARTY_OR_GOVERNMENT.test(a)) add(base, u.name);
      if (a.endsWith('人民政府') && a.length >= 6) add(a.slice(0, -4), u.name);
    }
  }
  // An alias two units share is ambiguous; leave it to the office rather than pick one.
  const own: Alias[] = [...owners]
    .filter(([, units]) => units.size === 1)
    .map(([alias, units]) => ({ alias, unit: [...units][0] ?? null }));
  const foreign: Alias[] = [...bases].flatMap((base) =>
    SUPERIOR_PREFIXES.map((p) => ({ alias: p + base, unit: null })).filter((f) => !owners.has(f.alias)),
  );
  const table = new Map<string, Alias[]>();
  for (const a of [...own, ...foreign].sort((x, y) => y.alias.length - x.alias.length)) {
    const first = a.alias.charAt(0);
    table.set(first, [...(table.get(first) ?? []), a]);
  }
  built.set(directory, table);
  return table;
}

/** The longest table entry starting at `i`, a namesake included. */
export function matchAt(text: string, i: number, table: AliasTable): Alias | null {
  for (const a of table.get(text.charAt(i)) ?? []) {
    if (!text.startsWith(a.alias, i)) continue;
    if (a.unit !== null && !a.alias.startsWith('县') && /[省市国]/.test(text[i - 1] ?? ''))
      return { alias: a.alias, unit: null };
    return a;
  }
  return null;
}

/** The directory unit named at `i`, if any; a namesake of another level is not ours. */
export function matchAliasAt(
  text: string,
  i: number,
  table: AliasTable,
): { alias: string; unit: string } | null {
  const a = matchAt(text, i, table);
  return a?.unit ? { alias: a.alias, unit: a.unit } : null;
}
