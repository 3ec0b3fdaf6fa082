/**
 * The directory written back as a file in the format of examples/directory.yaml (people as one-line
 * maps), so that importing it changes nothing. Pure: the service reads the tables.
 */
import { Document, isMap, isSeq, visit } from 'yaml';
import type { DirectoryFile } from './directory.ts';

/** Keys in the order examples/directory.yaml uses; absent ones are left out rather than written empty. */
const order = <T extends object>(value: T, keys: ReadonlyArray<keyof T>): Partial<T> =>
  Object.fromEntries(keys.filter((k) => value[k] !== undefined).map((k) => [k, value[k]])) as Partial<T>;

export function directoryYaml(file: DirectoryFile, header: string): string {
  const data = {
    tenant_key: file.tenant_key,
    groups: order(file.groups, ['supervision', 'leaders']),
    office: file.office,
    leaders: file.leaders.map((l) => order(l, ['name', 'title', 'open_id'])),
    units: file.units.map((u) => ({
      ...order(u, ['name']),
      ...(u.aliases.length > 0 ? { aliases: u.aliases } : {}),
      ...order(u, ['leader_in_charge', 'head']),
      ...(u.liaisons.length > 0 ? { liaisons: u.liaisons } : {}),
      ...order(u, ['chat_id']),
    })),
  };
  const doc = new Document(data);
  doc.commentBefore = header;
  // People and alias lists on one line each, as the example writes them.
  visit(doc, {
    Map(_, node) {
      if (node.items.some((pair) => String((pair.key as { value?: unknown })?.value) === 'open_id'))
        node.flow = true;
    },
    Pair(_, pair) {
      const key = String((pair.key as { value?: unknown })?.value);
      if (key === 'aliases' && isSeq(pair.value)) pair.value.flow = true;
      if (key === 'groups' && isMap(pair.value) && pair.value.items.length === 0) pair.value.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0 });
}
