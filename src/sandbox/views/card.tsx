import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { chartHtml } from './chart.ts';
import { Field } from './fields.tsx';
import { COLOURS, markdownToHtml } from './markdown.ts';

/**
 * Card JSON 2.0 as HTML, read as Feishu's client reads it: every component the bot's cards use
 * (markdown, div, columns, forms with inputs, pickers and selects, buttons, collapsible panels,
 * person lists, tables, charts). Buttons and forms carry their callback value in data attributes;
 * the page script posts them back as Feishu would (sandbox/feishu.ts). Unknown tags show their name.
 */

type Json = Record<string, unknown>;
export type CardContext = {
  names: (openId: string) => string;
  people: ReadonlyArray<{ openId: string; name: string }>;
};

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string =>
  isRecord(v) && typeof v.content === 'string' ? v.content : typeof v === 'string' ? v : '';
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isRecord) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function Markdown({ content, ctx, size }: { content: string; ctx: CardContext; size?: string }) {
  return (
    <div class={`md ${size === 'notation' ? 'notation' : ''}`}>{raw(markdownToHtml(content, ctx.names))}</div>
  );
}

function Button({ el }: { el: Json }) {
  const callback = list(el.behaviors).find((b) => b.type === 'callback');
  const confirm = isRecord(el.confirm) ? `${text(el.confirm.title)}\n${text(el.confirm.text)}` : '';
  return (
    <button
      type="button"
      class={`btn btn-${str(el.type) || 'default'}`}
      disabled={el.disabled === true}
      data-value={JSON.stringify(callback?.value ?? null)}
      data-name={str(el.name)}
      data-submit={el.form_action_type === 'submit' ? '1' : ''}
      data-reset={el.form_action_type === 'reset' ? '1' : ''}
      data-confirm={confirm}
    >
      {text(el.text)}
    </button>
  );
}

const Unknown = ({ tag }: { tag: string }) => <div class="muted">［{tag || '未知组件'}］</div>;

const TABLE_CELL = (value: unknown, type: string, ctx: CardContext): Child => {
  if (type === 'lark_md' || type === 'markdown') return raw(markdownToHtml(str(value), ctx.names));
  if (type === 'persons' && Array.isArray(value))
    return value.map((p) => ctx.names(isRecord(p) ? str(p.id) : String(p))).join('、');
  if (type === 'options' && Array.isArray(value))
    return list(value).map((o) => (
      <span class="tag" style={`color:${COLOURS[str(o.color)] ?? COLOURS.default}`}>
        {str(o.text)}
      </span>
    ));
  if (type === 'date' && typeof value === 'number') return new Date(value).toISOString().slice(0, 10);
  return value === undefined || value === null ? '' : String(value);
};

function Table({ el, ctx }: { el: Json; ctx: CardContext }) {
  const columns = list(el.columns);
  return (
    <table class="ctable">
      <thead>
        <tr>
          {columns.map((c) => (
            <th>{str(c.display_name) || str(c.name)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {list(el.rows).map((row) => (
          <tr>
            {columns.map((c) => (
              <td>{TABLE_CELL(row[str(c.name)], str(c.data_type), ctx)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Elements({ elements, ctx }: { elements: unknown; ctx: CardContext }) {
  return (
    <>
      {list(elements).map((el) => (
        <Element el={el} ctx={ctx} />
      ))}
    </>
  );
}

function Element({ el, ctx }: { el: Json; ctx: CardContext }): Child {
  switch (str(el.tag)) {
    case 'markdown':
      return <Markdown content={str(el.content)} ctx={ctx} size={str(el.text_size)} />;
    case 'div': {
      const t = isRecord(el.text) ? el.text : {};
      return t.tag === 'lark_md' ? (
        <Markdown content={str(t.content)} ctx={ctx} size={str(t.text_size)} />
      ) : (
        <div class={`plain ${t.text_size === 'notation' ? 'notation' : ''}`}>{str(t.content)}</div>
      );
    }
    case 'hr':
      return <hr />;
    case 'button':
      return <Button el={el} />;
    case 'column_set':
      return (
        <div class={`columns flex-${str(el.flex_mode) || 'none'}`}>
          {list(el.columns).map((col) => (
            <div
              class={`column w-${str(col.width) || 'weighted'}`}
              style={`flex:${col.width === 'auto' ? '0 0 auto' : Number(col.weight) || 1}`}
            >
              <Elements elements={col.elements} ctx={ctx} />
            </div>
          ))}
        </div>
      );
    case 'collapsible_panel': {
      const header = isRecord(el.header) ? el.header : {};
      const title = isRecord(header.title) ? header.title : {};
      return (
        <details class="panel" open={el.expanded === true}>
          <summary>
            {title.tag === 'markdown'
              ? raw(markdownToHtml(str(title.content), ctx.names))
              : str(title.content)}
          </summary>
          <Elements elements={el.elements} ctx={ctx} />
        </details>
      );
    }
    case 'form':
      return (
        <form class="cform" data-name={str(el.name)} onsubmit="return false">
          <Elements elements={el.elements} ctx={ctx} />
        </form>
      );
    case 'person':
      return <span class="person">{ctx.names(str(el.user_id))}</span>;
    case 'person_list':
      return (
        <div class="persons">
          {list(el.persons).map((p) => (
            <span class="person">{ctx.names(str(p.id))}</span>
          ))}
        </div>
      );
    case 'table':
      return <Table el={el} ctx={ctx} />;
    case 'chart':
      return <div class="chart-box">{raw(chartHtml(el.chart_spec))}</div>;
    case 'img':
      return <div class="muted">［图片 {str(el.img_key)}］</div>;
    default:
      return str(el.name) ? <Field el={el} ctx={ctx} /> : <Unknown tag={str(el.tag)} />;
  }
}

export function CardView({ card, ctx }: { card: unknown; ctx: CardContext }) {
  if (!isRecord(card)) return <div class="muted">［无法显示的卡片］</div>;
  const header = isRecord(card.header) ? card.header : null;
  const body = isRecord(card.body) ? card.body : { elements: card.elements };
  const template = header ? str(header.template) || 'default' : 'none';
  return (
    <div class="card">
      {header ? (
        <div class={`card-head tpl-${template}`}>
          <div class="card-title">{text(header.title)}</div>
          {header.subtitle ? <div class="card-sub">{text(header.subtitle)}</div> : null}
          <div>
            {list(header.text_tag_list).map((t) => (
              <span class="tag" style={`color:${COLOURS[str(t.color)] ?? COLOURS.default}`}>
                {text(t.text)}
              </span>
            ))}
          </div>
        </div>
      ) : null}
      <div class="card-body">
        <Elements elements={body.elements} ctx={ctx} />
      </div>
    </div>
  );
}
