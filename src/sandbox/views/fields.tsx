import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { CardContext } from './card.tsx';
import { markdownToHtml } from './markdown.ts';

/**
 * A card's form fields as browser controls, named as in the card so the page script can send
 * `form_value` back in Feishu's shapes.
 */

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string =>
  isRecord(v) && typeof v.content === 'string' ? v.content : typeof v === 'string' ? v : '';
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isRecord) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function Options({ el, selected }: { el: Json; selected: ReadonlySet<string> }) {
  return (
    <>
      {list(el.options).map((o) => (
        <option value={str(o.value)} selected={selected.has(str(o.value))}>
          {text(o.text) || str(o.value)}
        </option>
      ))}
    </>
  );
}

/** select_person options may be empty: Feishu then offers the chat's members; here, the directory. */
function personOptions(el: Json, ctx: CardContext): Json[] {
  const given = list(el.options).filter((o) => str(o.value));
  const people = given.length ? given.map((o) => ({ openId: str(o.value) })) : ctx.people;
  return people.map((p) => ({ value: p.openId, text: ctx.names(p.openId) }));
}

export function Field({ el, ctx }: { el: Json; ctx: CardContext }) {
  const tag = str(el.tag);
  const name = str(el.name);
  const required = el.required === true;
  const placeholder = text(el.placeholder);
  const label = text(el.label);
  const common = { name, required, 'data-kind': tag, title: label || placeholder };
  let control: Child;
  switch (tag) {
    case 'input':
      control =
        el.input_type === 'multiline_text' ? (
          <textarea
            {...common}
            rows={Number(el.rows) || 3}
            placeholder={placeholder}
            maxlength={Number(el.max_length) || 1000}
          >
            {str(el.default_value)}
          </textarea>
        ) : (
          <input
            {...common}
            type="text"
            placeholder={placeholder}
            value={str(el.default_value)}
            maxlength={Number(el.max_length) || 1000}
          />
        );
      break;
    case 'date_picker':
      control = <input {...common} type="date" value={str(el.initial_date)} />;
      break;
    case 'picker_time':
      control = <input {...common} type="time" value={str(el.initial_time)} />;
      break;
    case 'picker_datetime':
      control = (
        <input {...common} type="datetime-local" value={str(el.initial_datetime).replace(' ', 'T')} />
      );
      break;
    case 'checker':
      control = (
        <label class="checker">
          <input {...common} type="checkbox" checked={el.checked === true} />{' '}
          {raw(markdownToHtml(text(el.text), ctx.names))}
        </label>
      );
      break;
    case 'select_static':
    case 'multi_select_static':
    case 'select_person':
    case 'multi_select_person': {
      const multi = tag.startsWith('multi');
      const opts = tag.endsWith('person') ? { ...el, options: personOptions(el, ctx) } : el;
      const chosen = new Set<string>(
        multi && Array.isArray(el.selected_values)
          ? el.selected_values.map(String)
          : [str(el.initial_option)],
      );
      control = (
        <select
          {...common}
          multiple={multi}
          size={multi ? Math.min(5, list(opts.options).length) : undefined}
        >
          {multi ? null : <option value="">{placeholder || '请选择'}</option>}
          <Options el={opts} selected={chosen} />
        </select>
      );
      break;
    }
    default:
      return <div class="muted">［{tag || '未知组件'}］</div>;
  }
  return (
    <div class="field">
      {label ? (
        <div class="field-label">
          {label}
          {required ? ' *' : ''}
        </div>
      ) : null}
      {control}
    </div>
  );
}
