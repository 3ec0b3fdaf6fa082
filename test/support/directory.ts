import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../src/db/client.ts';
import type { Directory } from '../../src/domain/directory.ts';
import { parseDirectory } from '../../src/domain/directory.ts';
import { importDirectory } from '../../src/services/import-directory.ts';

export const SAMPLE_DIRECTORY_PATH = fileURLToPath(new URL('../../examples/directory.yaml', import.meta.url));
export const sampleDirectoryText = (): string => readFileSync(SAMPLE_DIRECTORY_PATH, 'utf8');

export function sampleDirectory(): Directory {
  const parsed = parseDirectory(sampleDirectoryText());
  if (!parsed.ok) throw new Error(`sample directory does not parse: ${parsed.error.join('; ')}`);
  return parsed.value;
}

export const SAMPLE = {
  tenantKey: '2ed263bf32cf1651',
  office: { zhou: 'ou_6bf88ed4d92c975d86f3c43d85ab1e3f', chen: 'ou_a19f6cd30763f846af4de3347ae8bb37' },
  leaders: {
    li: 'ou_b1c097cf86c764033541e8d43403c232',
    wang: 'ou_1e90dbb58a639f4270943d3cf842ea1f',
    zhang: 'ou_1f70d090c8e80d7f83255dbbd6aac240',
    liu: 'ou_9cfe9f12c8401ff1ce647140281a25b6',
  },
  /** 县住房和城乡建设局: head 赵立新, liaison 钱文. */
  housing: {
    head: 'ou_23585caab30b7e9f63638a968ccabaa5',
    liaison: 'ou_7dc5c81f9a683901fde07fdf9ec81ff1',
    chat: 'oc_e5169cbbed10092a94f9d2a88c9dfda9',
  },
  /** 县自然资源局: head 孙红. */
  land: { head: 'ou_b0e5e01e9fc7d9fcb3c10c80e4e012a1', liaison: 'ou_22dd82345c180ebd5a114331b14f0354' },
  /** 县财政局: head 冯军, liaison 蒋倩. */
  finance: { head: 'ou_c31ba696dd92be268b94af79daa47b62', liaison: 'ou_6e112579dfed9a73099f53573308ea81' },
  groups: {
    supervision: 'oc_411931384a99d6fcc01b0d0cfa4dc8ff',
    leaders: 'oc_38e51b2a0cd3ef69093a4153b8ffa08a',
  },
  stranger: 'ou_0000000000000000000000000000dead',
} as const;

export async function importSample(db: Db): Promise<void> {
  await importDirectory(db, sampleDirectory());
}
