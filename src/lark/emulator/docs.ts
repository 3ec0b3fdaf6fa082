/**
 * Feishu documents (docx v1) and their sharing (drive permission members) for the Lark emulator:
 * create a document, insert nested blocks the way the descendant API takes them (temporary ids,
 * children by id, a table's cells each holding blocks), and grant a group read access.
 */
import type { MountedContext, MountedRoute } from './base.ts';
import type { LarkReply } from './http.ts';
import { isRecord, larkError, ok } from './http.ts';
import { randomHex } from './ids.ts';

export type StoredBlock = {
  block_id: string;
  block_type: number;
  parent_id: string;
  children: string[];
  /** The block's typed body (`text`, `heading2`, `table`, …) as sent. */
  body: Record<string, unknown>;
};

export type EmulatedDocument = {
  document_id: string;
  title: string;
  folder_token: string | null;
  blocks: Map<string, StoredBlock>;
  /** Drive permission members: `openchat:oc_…` → perm. */
  members: Map<string, string>;
};

export type DocsEmulator = {
  documents(): EmulatedDocument[];
  /** The document's blocks depth first, the page itself left out. */
  blocksOf(documentId: string): StoredBlock[];
  /** Text of a block: its runs joined. */
  textOf(block: StoredBlock): string;
  /** Each table as rows of cell texts. */
  tablesOf(documentId: string): string[][][];
  reset(): void;
  routes(): MountedRoute[];
};

const PAGE = 1;
const TABLE = 31;
const TABLE_CELL = 32;
const MAX_DESCENDANTS = 1000;
/** The body key of each block type the written 专报 uses (docx BlockType). */
const BODY_KEYS: Record<number, string> = {
  2: 'text',
  3: 'heading1',
  4: 'heading2',
  5: 'heading3',
  12: 'bullet',
  13: 'ordered',
  22: 'divider',
  31: 'table',
  32: 'table_cell',
};

const invalid = (msg: string): LarkReply => larkError(400, 1770001, `invalid param: ${msg}`);

function runsText(body: unknown): string {
  const elements = isRecord(body) && Array.isArray(body.elements) ? body.elements : [];
  return elements
    .map((e) =>
      isRecord(e) && isRecord(e.text_run) && typeof e.text_run.content === 'string' ? e.text_run.content : '',
    )
    .join('');
}

export function createDocsEmulator(): DocsEmulator {
  const docs = new Map<string, EmulatedDocument>();
  const tokens = new Map<string, unknown>();

  function blocksOf(documentId: string): StoredBlock[] {
    const doc = docs.get(documentId);
    if (!doc) return [];
    const out: StoredBlock[] = [];
    const walk = (id: string) => {
      const block = doc.blocks.get(id);
      if (!block) return;
      if (block.block_type !== PAGE) out.push(block);
      for (const child of block.children) walk(child);
    };
    walk(documentId);
    return out;
  }

  function textOf(block: StoredBlock): string {
    const key = BODY_KEYS[block.block_type];
    return key ? runsText(block.body[key]) : '';
  }

  const create = ({ req }: MountedContext): LarkReply => {
    const body = isRecord(req.body) ? req.body : {};
    const title = typeof body.title === 'string' ? body.title : '';
    if (title.length > 800) return invalid('title');
    const document_id = `doxcn${randomHex(22)}`;
    const page: StoredBlock = {
      block_id: document_id,
      block_type: PAGE,
      parent_id: '',
      children: [],
      body: {},
    };
    docs.set(document_id, {
      document_id,
      title,
      folder_token: typeof body.folder_token === 'string' && body.folder_token ? body.folder_token : null,
      blocks: new Map([[document_id, page]]),
      members: new Map(),
    });
    return ok({ document: { document_id, revision_id: 1, title } });
  };

  /** Checks the whole tree before storing any of it; answers as Feishu does for a retried token. */
  const descendant = ({ req, params }: MountedContext): LarkReply => {
    const doc = docs.get(params.doc ?? '');
    if (!doc) return larkError(404, 1770002, 'document not found');
    const parent = doc.blocks.get(params.block ?? '');
    if (!parent) return larkError(404, 1770002, 'block not found');
    const token = req.query.client_token;
    if (token && tokens.has(`${doc.document_id}:${token}`))
      return ok(tokens.get(`${doc.document_id}:${token}`));
    const body = isRecord(req.body) ? req.body : {};
    const roots = Array.isArray(body.children_id)
      ? body.children_id.filter((c): c is string => typeof c === 'string')
      : [];
    const list = Array.isArray(body.descendants) ? body.descendants.filter(isRecord) : [];
    if (roots.length === 0 || list.length === 0) return invalid('children_id and descendants are required');
    if (list.length > MAX_DESCENDANTS) return invalid(`at most ${MAX_DESCENDANTS} descendants`);
    const byTemp = new Map(list.map((d) => [String(d.block_id ?? ''), d]));
    for (const [temp, d] of byTemp) {
      const type = typeof d.block_type === 'number' ? d.block_type : 0;
      const key = BODY_KEYS[type];
      if (!temp || !key || !(key in d))
        return invalid(`block ${temp || '?'}: unknown block_type or missing body`);
      const children = Array.isArray(d.children) ? d.children.map(String) : [];
      if (children.some((c) => !byTemp.has(c)))
        return invalid(`block ${temp}: a child is not among descendants`);
      if (type === TABLE_CELL && children.length === 0)
        return invalid(`table cell ${temp} needs a child block`);
      if (type === TABLE) {
        const prop = isRecord(d.table) && isRecord(d.table.property) ? d.table.property : {};
        const cells = Number(prop.row_size) * Number(prop.column_size);
        if (cells !== children.length) return invalid(`table ${temp}: ${children.length} cells for ${cells}`);
      }
    }
    if (roots.some((r) => !byTemp.has(r))) return invalid('children_id must name descendants');
    const ids = new Map([...byTemp.keys()].map((temp) => [temp, `doxcn${randomHex(22)}`]));
    for (const [temp, d] of byTemp) {
      const { block_id: _, block_type, children, ...rest } = d;
      const id = ids.get(temp) ?? '';
      const kids = (Array.isArray(children) ? children.map(String) : []).map((c) => ids.get(c) ?? '');
      doc.blocks.set(id, {
        block_id: id,
        block_type: Number(block_type),
        parent_id: '',
        children: kids,
        body: rest,
      });
    }
    for (const block of doc.blocks.values())
      for (const child of block.children) {
        const c = doc.blocks.get(child);
        if (c) c.parent_id = block.block_id;
      }
    const top = roots.map((r) => ids.get(r) ?? '');
    for (const id of top) {
      const b = doc.blocks.get(id);
      if (b) b.parent_id = parent.block_id;
    }
    const index = typeof body.index === 'number' && body.index >= 0 ? body.index : parent.children.length;
    parent.children.splice(index, 0, ...top);
    const data = {
      children: top.map((id) => ({ block_id: id })),
      block_id_relations: [...ids].map(([temporary_block_id, block_id]) => ({
        temporary_block_id,
        block_id,
      })),
      document_revision_id: doc.blocks.size,
      client_token: token ?? '',
    };
    if (token) tokens.set(`${doc.document_id}:${token}`, data);
    return ok(data);
  };

  const addMember = ({ req, params }: MountedContext): LarkReply => {
    const doc = docs.get(params.token ?? '');
    if (req.query.type !== 'docx') return larkError(400, 1063001, 'invalid param: type');
    if (!doc) return larkError(404, 1063005, 'resource not found');
    const body = isRecord(req.body) ? req.body : {};
    const memberType = typeof body.member_type === 'string' ? body.member_type : '';
    const memberId = typeof body.member_id === 'string' ? body.member_id : '';
    const perm = typeof body.perm === 'string' ? body.perm : '';
    if (!memberType || !memberId || !['view', 'edit', 'full_access'].includes(perm)) {
      return larkError(400, 1063001, 'invalid param: member');
    }
    doc.members.set(`${memberType}:${memberId}`, perm);
    return ok({ member: { member_type: memberType, member_id: memberId, perm } });
  };

  return {
    documents: () => [...docs.values()],
    blocksOf,
    textOf,
    tablesOf(documentId) {
      const doc = docs.get(documentId);
      if (!doc) return [];
      return blocksOf(documentId)
        .filter((b) => b.block_type === TABLE)
        .map((table) => {
          const prop =
            isRecord(table.body.table) && isRecord(table.body.table.property)
              ? table.body.table.property
              : {};
          const columns = Number(prop.column_size) || 1;
          const cells = table.children.map((id) => {
            const cell = doc.blocks.get(id);
            return (cell?.children ?? [])
              .map((c) => {
                const block = doc.blocks.get(c);
                return block ? textOf(block) : '';
              })
              .join('\n');
          });
          return Array.from({ length: Math.ceil(cells.length / columns) }, (_, r) =>
            cells.slice(r * columns, (r + 1) * columns),
          );
        });
    },
    reset() {
      docs.clear();
      tokens.clear();
    },
    routes: () => [
      { method: 'POST', pattern: /^\/open-apis\/docx\/v1\/documents$/, auth: true, handle: create },
      {
        method: 'POST',
        pattern: /^\/open-apis\/docx\/v1\/documents\/(?<doc>[^/]+)\/blocks\/(?<block>[^/]+)\/descendant$/,
        auth: true,
        handle: descendant,
      },
      {
        method: 'POST',
        pattern: /^\/open-apis\/drive\/v1\/permissions\/(?<token>[^/]+)\/members$/,
        auth: true,
        handle: addMember,
      },
    ],
  };
}
