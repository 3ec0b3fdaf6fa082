/**
 * Bitable (多维表格) fields and records for the Lark emulator: the calls the live 台账 makes, with
 * Base's own validation and error codes (1254xxx, mostly answered with HTTP 200). 429s and 5xx
 * are injected with the emulator's failNext; loseNextWriteAnswers applies a write and then fails,
 * as a timeout after the commit would.
 */
import type { LarkReply } from './http.ts';
import { isRecord, larkError, ok } from './http.ts';
import { randomHex } from './ids.ts';

export type EmulatedField = {
  field_id: string;
  field_name: string;
  type: number;
  property: { options?: { id: string; name: string }[]; date_formatter?: string } | null;
  is_primary: boolean;
};
export type EmulatedRecord = { record_id: string; fields: Record<string, unknown> };

/** What a route needs of a request; structurally a part of the server's RouteContext. */
export type MountedContext = {
  req: { body: unknown; query: Record<string, string> };
  params: Record<string, string>;
};
export type MountedRoute = {
  method: string;
  pattern: RegExp;
  auth: boolean;
  handle: (ctx: MountedContext) => LarkReply;
};

export type BaseEmulator = {
  /** An empty table whose primary field is a text field (Feishu names it 多行文本 by default). */
  createTable(appToken: string, tableId: string, primaryField?: string): void;
  fields(appToken: string, tableId: string): EmulatedField[];
  /** Records with their fields as written. */
  records(appToken: string, tableId: string): EmulatedRecord[];
  /** A person's edit in the table. */
  setCell(appToken: string, tableId: string, recordId: string, field: string, value: unknown): void;
  deleteRecord(appToken: string, tableId: string, recordId: string): void;
  /** The next `times` record writes are applied, then answered 500 (the answer is lost). */
  loseNextWriteAnswers(times: number): void;
  reset(): void;
  routes(): MountedRoute[];
};

type Table = { fields: EmulatedField[]; records: Map<string, Record<string, unknown>> };

const TYPES = new Set([1, 2, 3, 4, 5, 7, 11, 13, 15, 17, 18, 20, 21, 22, 23, 1001, 1002, 1003, 1004, 1005]);
/** Per field type: the code Base answers for a value it cannot take. */
const CONV_FAIL: Record<number, [number, string]> = {
  1: [1254060, 'TextFieldConvFail'],
  2: [1254061, 'NumberFieldConvFail'],
  3: [1254062, 'SingleSelectFieldConvFail'],
  4: [1254063, 'MultiSelectFieldConvFail'],
  5: [1254064, 'DatetimeFieldConvFail'],
  7: [1254065, 'CheckboxFieldConvFail'],
};
const FIELDS_PAGE_MAX = 100;
const RECORDS_PAGE_MAX = 500;
const WRITE_MAX = 1000;

const base200 = (code: number, msg: string): LarkReply => ({ status: 200, body: { code, msg } });

function accepts(type: number, value: unknown): boolean {
  if (value === null) return true;
  switch (type) {
    case 1:
    case 3:
    case 13:
      return typeof value === 'string';
    case 2:
    case 5:
      return typeof value === 'number' && Number.isFinite(value);
    case 4:
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 7:
      return typeof value === 'boolean';
    default:
      return true;
  }
}

/** Base answers text as a list of segments; empty cells are left out. */
function readView(fields: readonly EmulatedField[], stored: Record<string, unknown>, names?: string[]) {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (names && !names.includes(f.field_name)) continue;
    const v = stored[f.field_name];
    if (v === undefined || v === null || v === '') continue;
    out[f.field_name] = f.type === 1 && typeof v === 'string' ? [{ type: 'text', text: v }] : v;
  }
  return out;
}

export function createBaseEmulator(): BaseEmulator {
  const apps = new Map<string, Map<string, Table>>();
  let loseAnswers = 0;

  const tableOf = (params: Record<string, string>): Table | LarkReply => {
    const app = apps.get(params.app ?? '');
    if (!app) return base200(1254040, 'BaseTokenNotFound');
    return app.get(params.table ?? '') ?? base200(1254041, 'TableIdNotFound');
  };
  const isTable = (t: Table | LarkReply): t is Table => 'records' in t;

  /** Checks every record before touching any: Base applies a batch whole or not at all. */
  function checkRecords(table: Table, records: unknown[]): LarkReply | undefined {
    if (records.length === 0) return base200(1254001, 'WrongRequestBody');
    if (records.length > WRITE_MAX) return base200(1254104, 'RecordAddOnceExceedLimit');
    for (const r of records) {
      const fields = isRecord(r) ? r.fields : undefined;
      if (!isRecord(fields)) return base200(1254001, 'WrongRequestBody');
      for (const [name, value] of Object.entries(fields)) {
        const field = table.fields.find((f) => f.field_name === name);
        if (!field) return base200(1254045, 'FieldNameNotFound');
        if (!accepts(field.type, value)) {
          const [code, msg] = CONV_FAIL[field.type] ?? [1254015, 'FieldTypeValueNotMatch'];
          return base200(code, msg);
        }
      }
    }
    return undefined;
  }

  /** Writes cells, adding select options the way Base does for new values. */
  function apply(table: Table, stored: Record<string, unknown>, fields: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(fields)) {
      const field = table.fields.find((f) => f.field_name === name);
      if (field && (field.type === 3 || field.type === 4) && value !== null) {
        const options = field.property?.options ?? [];
        for (const v of Array.isArray(value) ? value : [value]) {
          if (!options.some((o) => o.name === v)) options.push({ id: `opt${randomHex(8)}`, name: String(v) });
        }
        field.property = { ...field.property, options };
      }
      stored[name] = value;
    }
  }

  const written = (reply: LarkReply): LarkReply => {
    if (loseAnswers <= 0) return reply;
    loseAnswers -= 1;
    return { status: 500, body: { code: 1255001, msg: 'InternalError' } };
  };

  const listFields = ({ req, params }: MountedContext): LarkReply => {
    const table = tableOf(params);
    if (!isTable(table)) return table;
    const size = Math.min(Number(req.query.page_size ?? 20) || 20, FIELDS_PAGE_MAX);
    const start = Number(req.query.page_token ?? 0) || 0;
    const items = table.fields.slice(start, start + size);
    const more = start + size < table.fields.length;
    return ok({
      items,
      has_more: more,
      total: table.fields.length,
      ...(more ? { page_token: String(start + size) } : {}),
    });
  };

  const createField = ({ req, params }: MountedContext): LarkReply => {
    const table = tableOf(params);
    if (!isTable(table)) return table;
    const body = isRecord(req.body) ? req.body : {};
    const name = typeof body.field_name === 'string' ? body.field_name.trim() : '';
    const type = typeof body.type === 'number' ? body.type : 0;
    if (!name) return larkError(400, 1254028, 'EmptyFieldName');
    if (!TYPES.has(type)) return base200(1254001, 'WrongRequestBody');
    if (table.fields.some((f) => f.field_name === name)) return base200(1254014, 'FieldNameDuplicated');
    const property = isRecord(body.property) ? body.property : {};
    const options = Array.isArray(property.options)
      ? property.options.flatMap((o) =>
          isRecord(o) && typeof o.name === 'string' ? [{ id: `opt${randomHex(8)}`, name: o.name }] : [],
        )
      : undefined;
    const field: EmulatedField = {
      field_id: `fld${randomHex(10)}`,
      field_name: name,
      type,
      property: {
        ...(options ? { options } : {}),
        ...(typeof property.date_formatter === 'string' ? { date_formatter: property.date_formatter } : {}),
      },
      is_primary: false,
    };
    table.fields.push(field);
    return ok({ field });
  };

  const batchCreate = ({ req, params }: MountedContext): LarkReply => {
    const table = tableOf(params);
    if (!isTable(table)) return table;
    const records = isRecord(req.body) && Array.isArray(req.body.records) ? req.body.records : [];
    const bad = checkRecords(table, records);
    if (bad) return bad;
    const out = records.map((r) => {
      const stored: Record<string, unknown> = {};
      apply(table, stored, (isRecord(r) && isRecord(r.fields) ? r.fields : {}) as Record<string, unknown>);
      const record_id = `rec${randomHex(10)}`;
      table.records.set(record_id, stored);
      return { record_id, fields: { ...stored } };
    });
    return written(ok({ records: out }));
  };

  const batchUpdate = ({ req, params }: MountedContext): LarkReply => {
    const table = tableOf(params);
    if (!isTable(table)) return table;
    const records = isRecord(req.body) && Array.isArray(req.body.records) ? req.body.records : [];
    const bad = checkRecords(table, records);
    if (bad) return bad;
    const ids = records.map((r) => (isRecord(r) && typeof r.record_id === 'string' ? r.record_id : ''));
    if (ids.some((id) => !table.records.has(id))) return base200(1254043, 'RecordIdNotFound');
    const out = records.map((r, i) => {
      const id = ids[i] ?? '';
      const stored = table.records.get(id) ?? {};
      apply(table, stored, (isRecord(r) && isRecord(r.fields) ? r.fields : {}) as Record<string, unknown>);
      return { record_id: id, fields: { ...stored } };
    });
    return written(ok({ records: out }));
  };

  const search = ({ req, params }: MountedContext): LarkReply => {
    const table = tableOf(params);
    if (!isTable(table)) return table;
    const size = Math.min(Number(req.query.page_size ?? 20) || 20, RECORDS_PAGE_MAX);
    const start = Number(req.query.page_token ?? 0) || 0;
    const names =
      isRecord(req.body) && Array.isArray(req.body.field_names)
        ? req.body.field_names.filter((n): n is string => typeof n === 'string')
        : undefined;
    if (names?.some((n) => !table.fields.some((f) => f.field_name === n)))
      return base200(1254045, 'FieldNameNotFound');
    const all = [...table.records.entries()];
    const items = all
      .slice(start, start + size)
      .map(([record_id, stored]) => ({ record_id, fields: readView(table.fields, stored, names) }));
    const more = start + size < all.length;
    return ok({
      items,
      has_more: more,
      total: all.length,
      ...(more ? { page_token: String(start + size) } : {}),
    });
  };

  const tablePath = '^/open-apis/bitable/v1/apps/(?<app>[^/]+)/tables/(?<table>[^/]+)';
  return {
    createTable(appToken, tableId, primaryField = '多行文本') {
      const app = apps.get(appToken) ?? new Map<string, Table>();
      app.set(tableId, {
        fields: [
          {
            field_id: `fld${randomHex(10)}`,
            field_name: primaryField,
            type: 1,
            property: null,
            is_primary: true,
          },
        ],
        records: new Map(),
      });
      apps.set(appToken, app);
    },
    fields: (appToken, tableId) => [...(apps.get(appToken)?.get(tableId)?.fields ?? [])],
    records: (appToken, tableId) =>
      [...(apps.get(appToken)?.get(tableId)?.records.entries() ?? [])].map(([record_id, fields]) => ({
        record_id,
        fields: { ...fields },
      })),
    setCell(appToken, tableId, recordId, field, value) {
      const stored = apps.get(appToken)?.get(tableId)?.records.get(recordId);
      if (stored) stored[field] = value;
    },
    deleteRecord(appToken, tableId, recordId) {
      apps.get(appToken)?.get(tableId)?.records.delete(recordId);
    },
    loseNextWriteAnswers(times) {
      loseAnswers = times;
    },
    reset() {
      apps.clear();
      loseAnswers = 0;
    },
    routes: () => [
      { method: 'GET', pattern: new RegExp(`${tablePath}/fields$`), auth: true, handle: listFields },
      { method: 'POST', pattern: new RegExp(`${tablePath}/fields$`), auth: true, handle: createField },
      {
        method: 'POST',
        pattern: new RegExp(`${tablePath}/records/batch_create$`),
        auth: true,
        handle: batchCreate,
      },
      {
        method: 'POST',
        pattern: new RegExp(`${tablePath}/records/batch_update$`),
        auth: true,
        handle: batchUpdate,
      },
      { method: 'POST', pattern: new RegExp(`${tablePath}/records/search$`), auth: true, handle: search },
    ],
  };
}
