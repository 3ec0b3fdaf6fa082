/**
 * The Card JSON 2.0 `chart` (a VChart spec) and `table` components, only as far as this bot uses
 * them. chart-schema.ts mirrors these field for field: Feishu runs no JavaScript in a spec, and a
 * strict schema keeps anything but plain data out of it.
 */

export type ChartValue = string | number;
export type ChartDatum = Record<string, ChartValue>;
export type ChartData = { values: ChartDatum[] };

export type ChartTitle = { visible: boolean; text: string };
export type ChartLegends = { visible: boolean; orient: 'top' | 'bottom' | 'left' | 'right' };
export type ChartLabel = { visible: boolean };
export type ChartAxis = {
  orient: 'left' | 'bottom';
  type: 'linear' | 'band';
  min?: number;
  max?: number;
};
/** A reference line at a value of the x axis (a horizontal bar chart's values run along x). */
export type ChartMarkLine = { x: number; label: { visible: boolean; text: string } };

export type BarSpec = {
  type: 'bar';
  title: ChartTitle;
  data: ChartData;
  direction?: 'horizontal';
  xField: string;
  yField: string;
  seriesField?: string;
  stack?: boolean;
  label?: ChartLabel;
  axes?: ChartAxis[];
  markLine?: ChartMarkLine[];
  legends?: ChartLegends;
  color?: string[];
};

export type PieSpec = {
  type: 'pie';
  title: ChartTitle;
  data: ChartData;
  valueField: string;
  categoryField: string;
  innerRadius?: number;
  outerRadius?: number;
  label?: ChartLabel;
  legends?: ChartLegends;
  color?: string[];
};

export type LineSpec = {
  type: 'line';
  title: ChartTitle;
  data: ChartData;
  xField: string;
  yField: string;
  label?: ChartLabel;
  point?: { visible: boolean };
  axes?: ChartAxis[];
};

export type ChartSpec = BarSpec | PieSpec | LineSpec;

export type Chart = {
  tag: 'chart';
  element_id?: string;
  margin?: string;
  chart_spec: ChartSpec;
  aspect_ratio?: '1:1' | '2:1' | '4:3' | '16:9';
  /** 'auto' or '[1,999]px'; a fixed height overrides aspect_ratio. */
  height?: string;
  preview?: boolean;
};

export type TableColumn = {
  name: string;
  display_name: string;
  data_type: 'text' | 'number';
  width?: string;
  horizontal_align?: 'left' | 'center' | 'right';
  format?: { precision: number };
};

/** Only at the card's root, at most five per card; it pages its rows itself (page_size). */
export type Table = {
  tag: 'table';
  element_id?: string;
  margin?: string;
  page_size?: number;
  row_height?: 'low' | 'middle' | 'high';
  freeze_first_column?: boolean;
  header_style?: { background_style?: 'grey' | 'none'; bold?: boolean; text_align?: 'left' | 'center' };
  columns: TableColumn[];
  rows: Record<string, ChartValue>[];
};
