/**
 * Strict schemas for the `chart` and `table` components (chart-types.ts): only the VChart fields
 * the builders use, data as plain strings and finite numbers, so no function or style trick can
 * ride along in a spec.
 */
import { z } from 'zod';
import type { ChartSpec } from './chart-types.ts';

const fieldKey = z.string().regex(/^[a-z][A-Za-z]{0,19}$/);
const value = z.union([z.string().max(80), z.number().finite()]);
const data = z.object({ values: z.array(z.record(fieldKey, value)).max(200) }).strict();
const title = z.object({ visible: z.boolean(), text: z.string().min(1).max(60) }).strict();
const legends = z
  .object({ visible: z.boolean(), orient: z.enum(['top', 'bottom', 'left', 'right']) })
  .strict();
const label = z.object({ visible: z.boolean() }).strict();
const axis = z
  .object({
    orient: z.enum(['left', 'bottom']),
    type: z.enum(['linear', 'band']),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
  })
  .strict();
const colours = z
  .array(z.string().regex(/^#[0-9A-Fa-f]{6}$/))
  .min(1)
  .max(10);

const BarSpecSchema = z
  .object({
    type: z.literal('bar'),
    title,
    data,
    direction: z.literal('horizontal').optional(),
    xField: fieldKey,
    yField: fieldKey,
    seriesField: fieldKey.optional(),
    stack: z.boolean().optional(),
    label: label.optional(),
    axes: z.array(axis).max(2).optional(),
    markLine: z
      .array(
        z
          .object({
            x: z.number().finite(),
            label: z.object({ visible: z.boolean(), text: z.string().max(40) }).strict(),
          })
          .strict(),
      )
      .max(2)
      .optional(),
    legends: legends.optional(),
    color: colours.optional(),
  })
  .strict();

const PieSpecSchema = z
  .object({
    type: z.literal('pie'),
    title,
    data,
    valueField: fieldKey,
    categoryField: fieldKey,
    innerRadius: z.number().min(0).max(1).optional(),
    outerRadius: z.number().min(0).max(1).optional(),
    label: label.optional(),
    legends: legends.optional(),
    color: colours.optional(),
  })
  .strict();

const LineSpecSchema = z
  .object({
    type: z.literal('line'),
    title,
    data,
    xField: fieldKey,
    yField: fieldKey,
    label: label.optional(),
    point: z.object({ visible: z.boolean() }).strict().optional(),
    axes: z.array(axis).max(2).optional(),
  })
  .strict();

const ChartSpecSchema: z.ZodType<ChartSpec> = z.discriminatedUnion('type', [
  BarSpecSchema,
  PieSpecSchema,
  LineSpecSchema,
]);

/** Without element_id and margin: schema.ts adds the fields every component shares. */
export const ChartFields = z
  .object({
    tag: z.literal('chart'),
    chart_spec: ChartSpecSchema,
    aspect_ratio: z.enum(['1:1', '2:1', '4:3', '16:9']).optional(),
    height: z
      .string()
      .regex(/^(auto|([1-9]\d{0,2})px)$/)
      .optional(),
    preview: z.boolean().optional(),
  })
  .strict();

const columnName = z.string().regex(/^[a-z][A-Za-z]{0,19}$/);

export const TableFields = z
  .object({
    tag: z.literal('table'),
    page_size: z.number().int().min(1).max(10).optional(),
    row_height: z.enum(['low', 'middle', 'high']).optional(),
    freeze_first_column: z.boolean().optional(),
    header_style: z
      .object({
        background_style: z.enum(['grey', 'none']).optional(),
        bold: z.boolean().optional(),
        text_align: z.enum(['left', 'center']).optional(),
      })
      .strict()
      .optional(),
    columns: z
      .array(
        z
          .object({
            name: columnName,
            display_name: z.string().max(20),
            data_type: z.enum(['text', 'number']),
            width: z
              .string()
              .regex(/^(auto|\d{2,3}px|\d{1,2}%)$/)
              .optional(),
            horizontal_align: z.enum(['left', 'center', 'right']).optional(),
            format: z
              .object({ precision: z.number().int().min(0).max(10) })
              .strict()
              .optional(),
          })
          .strict(),
      )
      .min(1)
      .max(50),
    rows: z.array(z.record(columnName, value)).max(500),
  })
  .strict();
