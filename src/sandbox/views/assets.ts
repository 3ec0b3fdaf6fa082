/** The page's style and script, inline: no build step and nothing fetched from the internet. */

export const PAGE_STYLE = `
*{box-sizing:border-box}body{margin:0;display:flex;height:100vh;font:14px/1.55 -apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f2329;background:#f2f3f5}
aside{width:290px;background:#fff;border-right:1px solid #dee0e3;display:flex;flex-direction:column;padding:12px;gap:8px;overflow:auto}
.brand{font-weight:600;font-size:16px}.side-label{font-size:12px;color:#646a73}
#as{width:100%;padding:6px}nav{display:flex;flex-direction:column;gap:2px}
a.chat{display:flex;justify-content:space-between;padding:8px;border-radius:6px;color:inherit;text-decoration:none}a.chat:hover{background:#f2f3f5}a.chat.current{background:#e1eaff}
.count{font-size:12px;color:#8f959e}.clock{margin-top:auto;border-top:1px solid #dee0e3;padding-top:8px;display:flex;flex-direction:column;gap:6px}
main{flex:1;display:flex;flex-direction:column;min-width:0}header{padding:12px 16px;background:#fff;border-bottom:1px solid #dee0e3}
#messages{flex:1;overflow:auto;padding:16px;display:flex;flex-direction:column;gap:14px}
.msg{max-width:640px}.msg.mine{align-self:flex-end}.meta{font-size:12px;color:#646a73;margin-bottom:2px}.msg.mine .meta{text-align:right}
.quote{font-size:12px;color:#8f959e;border-left:2px solid #dee0e3;padding-left:6px;margin-bottom:2px}
.bubble{background:#fff;border-radius:8px;padding:8px 12px;white-space:normal;word-break:break-word}.msg.mine .bubble{background:#cce0ff}
.forward{border:1px solid #dee0e3}.post-title{font-weight:600}
.card{background:#fff;border:1px solid #dee0e3;border-radius:8px;overflow:hidden;width:560px;max-width:100%}
.card-head{padding:10px 14px;color:#fff;background:#3370ff}.card-title{font-weight:600;font-size:15px}.card-sub{font-size:12px;opacity:.9}
.card-head .tag{background:#fff}
.tpl-blue,.tpl-default{background:#3370ff}.tpl-wathet{background:#1e95d4}.tpl-turquoise{background:#0b9d8b}.tpl-green{background:#2ea121}.tpl-yellow{background:#dc9b04}.tpl-orange{background:#de7802}.tpl-red{background:#d83931}.tpl-carmine{background:#c51f5d}.tpl-violet{background:#b23eb6}.tpl-purple{background:#7f3bf5}.tpl-indigo{background:#4954e6}.tpl-grey{background:#8f959e}
.card-body{padding:10px 14px;display:flex;flex-direction:column;gap:8px}
.md ul,.md ol{margin:2px 0;padding-left:20px}.md blockquote{margin:0;border-left:3px solid #dee0e3;padding-left:8px;color:#646a73}.md-h{font-weight:600}.md-gap{height:6px}
.notation{font-size:12px;color:#8f959e}.muted{color:#8f959e}.small{font-size:12px}
.tag{display:inline-block;font-size:12px;border:1px solid currentColor;border-radius:4px;padding:0 4px;margin-right:4px}
.at{color:#245bdb}.person{display:inline-block;background:#f2f3f5;border-radius:10px;padding:0 8px;margin:2px}
.columns{display:flex;gap:8px}.columns.flex-flow{flex-wrap:wrap}.column{min-width:0}.column.w-auto{flex:0 0 auto}
details.panel{border:1px solid #dee0e3;border-radius:6px;padding:6px 10px}details.panel summary{cursor:pointer}
form.cform{display:flex;flex-direction:column;gap:8px;border:1px dashed #dee0e3;border-radius:6px;padding:8px}
.field{display:flex;flex-direction:column;gap:2px}.field-label{font-size:12px;color:#646a73}
.field input,.field textarea,.field select{font:inherit;padding:5px 8px;border:1px solid #dee0e3;border-radius:6px;width:100%}
.btn{font:inherit;padding:4px 14px;border-radius:6px;border:1px solid #d0d3d6;background:#fff;cursor:pointer}.btn:disabled{opacity:.5;cursor:default}
.btn-primary,.btn-primary_filled{background:#3370ff;color:#fff;border-color:#3370ff}.btn-danger,.btn-danger_filled{color:#fff;background:#d83931;border-color:#d83931}
.btn-text,.btn-primary_text,.btn-danger_text{border-color:transparent;color:#245bdb}
table.ctable{border-collapse:collapse;width:100%;font-size:13px}.ctable th,.ctable td{border:1px solid #dee0e3;padding:3px 6px;text-align:left}
svg.chart{width:100%;height:auto;font-size:11px}svg.chart .axis{fill:#646a73}.chart-title{font-weight:600}
#composer{background:#fff;border-top:1px solid #dee0e3;padding:8px 16px;display:flex;flex-direction:column;gap:6px}
#composer textarea,#composer input[type=text]{font:inherit;width:100%;padding:6px 8px;border:1px solid #dee0e3;border-radius:6px}
.tabs{display:flex;gap:14px;font-size:13px}.mention{margin-left:auto}
#composer .only-post,#composer .only-file{display:none}#composer.kind-post .only-post,#composer.kind-file .only-file{display:block}
#composer.kind-file textarea{display:none}#send{align-self:flex-end}
#toast{position:fixed;top:16px;left:50%;transform:translateX(-50%);padding:8px 16px;border-radius:6px;color:#fff;display:none;z-index:9}
#toast.success{background:#2ea121}#toast.error{background:#d83931}#toast.warning{background:#de7802}#toast.info{background:#3370ff}
.welcome{padding:32px;max-width:760px}.empty{color:#8f959e;text-align:center;margin-top:40px}
`;

/**
 * Polls the chat, posts messages and clicks. Form values are sent in Feishu's shapes: a date picker
 * as 'YYYY-MM-DD +0800', a multi-select as an array, a checker as a boolean.
 */
export const PAGE_SCRIPT = `
(() => {
  const S = JSON.parse(document.getElementById('state').textContent);
  const $ = (q) => document.querySelector(q);
  const toast = (t) => {
    if (!t) return;
    const el = $('#toast'); el.className = t.type || 'info'; el.textContent = t.content; el.style.display = 'block';
    clearTimeout(toast.timer); toast.timer = setTimeout(() => { el.style.display = 'none'; }, 3000);
  };
  const post = async (url, body, isForm) => {
    const res = await fetch(url, isForm ? { method: 'POST', body } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = await res.json().catch(() => ({ error: '沙盒没有回应' }));
    if (!res.ok) toast({ type: 'error', content: json.error || ('HTTP ' + res.status) });
    return res.ok ? json : null;
  };
  async function refresh(force) {
    if (!S.as) return;
    const res = await fetch('/sandbox/feed?as=' + encodeURIComponent(S.as) + '&chat=' + encodeURIComponent(S.chat));
    if (!res.ok) return;
    const j = await res.json();
    $('#clock-now').textContent = j.clock;
    if (!force && j.version === S.version) return;
    S.version = j.version;
    $('#chats').innerHTML = j.chats;
    const box = $('#messages');
    if (!box) return;
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    box.innerHTML = j.messages;
    if (atBottom || force) box.scrollTop = box.scrollHeight;
  }
  const FEISHU_SHAPE = {
    date_picker: (v) => v + ' +0800',
    picker_time: (v) => v + ' +0800',
    picker_datetime: (v) => v.replace('T', ' ') + ' +0800',
  };
  function formValue(form) {
    const out = {};
    for (const el of form.querySelectorAll('[data-kind][name]')) {
      const kind = el.dataset.kind;
      let v;
      if (kind === 'checker') v = el.checked;
      else if (el.multiple) v = [...el.selectedOptions].map((o) => o.value);
      else v = el.value.trim() === '' ? '' : (FEISHU_SHAPE[kind] ? FEISHU_SHAPE[kind](el.value) : el.value);
      if (el.required && (v === '' || (Array.isArray(v) && v.length === 0))) return null;
      if (v !== '' && !(Array.isArray(v) && v.length === 0)) out[el.name] = v;
    }
    return out;
  }
  document.addEventListener('click', async (e) => {
    const move = e.target.closest('button.clock-move');
    if (move) {
      move.disabled = true;
      const j = await post('/sandbox/clock', { move: move.dataset.move });
      move.disabled = false;
      if (j) { toast({ type: 'info', content: '沙盒时间：' + j.clock }); refresh(true); }
      return;
    }
    const b = e.target.closest('.card button.btn');
    if (!b || b.disabled) return;
    const msg = b.closest('.msg');
    const form = b.closest('form.cform');
    if (b.dataset.reset && form) { form.reset(); return; }
    let fv;
    if (b.dataset.submit && form) {
      fv = formValue(form);
      if (!fv) { toast({ type: 'error', content: '有必填项未填写' }); return; }
    }
    if (b.dataset.confirm && !confirm(b.dataset.confirm)) return;
    b.disabled = true;
    const body = { as: S.as, chat: S.chat, messageId: msg.dataset.id, value: JSON.parse(b.dataset.value || 'null') };
    if (fv) { body.formValue = fv; body.name = b.dataset.name; }
    const j = await post('/sandbox/act', body);
    b.disabled = false;
    if (j) toast(j.toast);
    refresh(true);
  });
  const composer = $('#composer');
  if (composer) {
    const kind = () => composer.querySelector('input[name=kind]:checked').value;
    composer.addEventListener('change', () => { composer.className = 'kind-' + kind(); });
    $('#send').addEventListener('click', async () => {
      const data = new FormData(composer);
      data.set('as', S.as); data.set('chat', S.chat);
      const j = await post('/sandbox/send', data, true);
      if (!j) return;
      composer.reset(); composer.className = '';
      if (j.note) toast({ type: 'info', content: j.note });
      refresh(true);
    });
  }
  $('#as').addEventListener('change', (e) => { location.href = '/sandbox' + (e.target.value ? '?as=' + e.target.value : ''); });
  setInterval(() => refresh(false), 1500);
  const box = $('#messages'); if (box) box.scrollTop = box.scrollHeight;
})();
`;
