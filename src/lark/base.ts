/**
 * 多维表格 (Base) fields and records through the SDK's bitable.v1 client: the calls the live 台账
 * needs, answered as Results. Base answers most of its own errors with HTTP 200 and a 1254xxx/
 * 1255xxx code; those that go away on their own are made retryable here.
 */
import type * as lark from '@larksuiteoapi/node-sdk';
import type { Result } from '../lib/result.ts';
import { err, ok } from '../lib/result.ts';
import type { SdkInvoke } from './client.ts';
import type { SendFailure } from './errors.ts';

export type BaseTarget = { appToken: string; tableId: string };

/** Field types (bitable-v1 app-table-field): the ones the ledger uses. */
export const FIELD_TYPES = { text: 1, number: 2, singleSelect: 3, multiSelect: 4, date: 5 } as const;

/** A value as written: text, a select option (or options), a date in epoch ms, or null to clear. */
export type BaseCell = string | number | boolean | string[] | null;
export type BaseFields = Record<string, BaseCell>;
export type BaseField = { id: string; name: string; type: number };
export type BaseFieldSpec = {
  name: string;
  type: number;
  property?: { date_formatter?: string; options?: { name: string }[] };
};
/** A record as read: Base answers text as a list of segments, the rest as written. */
export type BaseRecord = { recordId: string; fields: Record<string, unknown> };

export type BaseApi = {
  listFields(t: BaseTarget): Promise<Result<BaseField[], SendFailure>>;
  createField(t: BaseTarget, spec: BaseFieldSpec): Promise<Result<BaseField, SendFailure>>;
  /** One page of records (at most 500) with these fields; `next` is null on the last page. */
  listRecords(
    t: BaseTarget,
    fieldNames: readonly string[],
    pageToken: string | null,
  ): Promise<Result<{ records: BaseRecord[]; next: string | null }, SendFailure>>;
  /** At most 500 records; the new record ids in the order given. */
  createRecords(t: BaseTarget, records: readonly BaseFields[]): Promise<Result<string[], SendFailure>>;
  updateRecords(
    t: BaseTarget,
    records: readonly { recordId: string; fields: BaseFields }[],
  ): Promise<Result<null, SendFailure>>;
};

/** Base's "record_id does not exist": the record was deleted in the table by hand. */
export const RECORD_NOT_FOUND = 1254043;

/** Too fast, a write conflict on the table, data not ready, internal errors, a timeout. */
const RETRYABLE = new Set([1254290, 1254291, 1254607, 1255001, 1255002, 1255003, 1255004, 1255005, 1255040]);

function reclassify(failure: SendFailure): SendFailure {
  if (failure.kind !== 'permanent' || failure.code === undefined) return failure;
  if (failure.code === 1254290)
    return {
      kind: 'rate_limited',
      scope: 'app',
      retryAfterMs: 1000,
      code: failure.code,
      message: failure.message,
    };
  return RETRYABLE.has(failure.code) ? { ...failure, kind: 'retryable' } : failure;
}

type SdkRecordFields = NonNullable<
  Parameters<lark.Client['bitable']['v1']['appTableRecord']['batchCreate']>[0]
>['data']['records'][number]['fields'];

/** Base takes null to clear a cell; the SDK's typings leave null out of the value union. */
const sdkFields = (fields: BaseFields): SdkRecordFields => fields as unknown as SdkRecordFields;

const path = (t: BaseTarget) => ({ app_token: t.appToken, table_id: t.tableId });
const PAGE = 500;

export function createBaseApi(invoke: SdkInvoke): BaseApi {
  const run = async <R>(
    fn: Parameters<SdkInvoke>[0],
    read: (data: Record<string, unknown> | undefined) => Result<R, SendFailure>,
  ): Promise<Result<R, SendFailure>> => {
    const res = await invoke(fn);
    if (!res.ok) return err(reclassify(res.error));
    return read(res.value.data);
  };
  return {
    async listFields(t) {
      const fields: BaseField[] = [];
      let pageToken: string | undefined;
      for (;;) {
        const res = await invoke((c) =>
          c.bitable.v1.appTableField.list({
            path: path(t),
            params: { page_size: 100, ...(pageToken ? { page_token: pageToken } : {}) },
          }),
        );
        if (!res.ok) return err(reclassify(res.error));
        for (const f of res.value.data?.items ?? []) {
          if (f.field_id) fields.push({ id: f.field_id, name: f.field_name, type: f.type });
        }
        pageToken = res.value.data?.has_more ? res.value.data.page_token : undefined;
        if (!pageToken) return ok(fields);
      }
    },
    createField: (t, spec) =>
      run(
        (c) =>
          c.bitable.v1.appTableField.create({
            path: path(t),
            data: {
              field_name: spec.name,
              type: spec.type,
              ...(spec.property ? { property: spec.property } : {}),
            },
          }),
        (data) => {
          const field = data?.field as { field_id?: string; field_name?: string; type?: number } | undefined;
          return field?.field_id
            ? ok({ id: field.field_id, name: field.field_name ?? spec.name, type: field.type ?? spec.type })
            : err({ kind: 'permanent', message: 'field create answered without field_id' });
        },
      ),
    listRecords: (t, fieldNames, pageToken) =>
      run(
        (c) =>
          c.bitable.v1.appTableRecord.search({
            path: path(t),
            params: { page_size: PAGE, ...(pageToken ? { page_token: pageToken } : {}) },
            data: { field_names: [...fieldNames], automatic_fields: false },
          }),
        (data) => {
          const items = (data?.items ?? []) as { record_id?: string; fields?: Record<string, unknown> }[];
          const records = items.flatMap((r) =>
            r.record_id ? [{ recordId: r.record_id, fields: r.fields ?? {} }] : [],
          );
          const next = data?.has_more && typeof data.page_token === 'string' ? data.page_token : null;
          return ok({ records, next });
        },
      ),
    createRecords: (t, records) =>
      run(
        (c) =>
          c.bitable.v1.appTableRecord.batchCreate({
            path: path(t),
            data: { records: records.map((fields) => ({ fields: sdkFields(fields) })) },
          }),
        (data) => {
          const created = (data?.records ?? []) as { record_id?: string }[];
          const ids = created.flatMap((r) => (r.record_id ? [r.record_id] : []));
          return ids.length === records.length
            ? ok(ids)
            : err({
                kind: 'retryable',
                message: `batch_create answered ${ids.length} of ${records.length} records`,
              });
        },
      ),
    updateRecords: (t, records) =>
      run(
        (c) =>
          c.bitable.v1.appTableRecord.batchUpdate({
            path: path(t),
            data: { records: records.map((r) => ({ record_id: r.recordId, fields: sdkFields(r.fields) })) },
          }),
        () => ok(null),
      ),
  };
}
