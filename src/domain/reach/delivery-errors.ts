/**
 * What a Feishu refusal to deliver means, in the office's words, and how to fix it. Codes from the
 * send and 加急 docs (shared/reference/feishu-events.md §5; urgent_app/urgent_sms error tables).
 *
 * The scope says what the error is about, and so how failures are grouped and when they end:
 * - recipient: this chat or person cannot be reached; a later delivery to them ends the problem.
 * - app: the app itself cannot send (ability, scope, IP list); any later delivery ends it.
 * - content: Feishu refused what was sent, not whom to; only the office closes it.
 */

export type ProblemScope = 'recipient' | 'app' | 'content';
export type Channel = 'message' | 'urgent';
export type Explained = { scope: ProblemScope; reason: string; fix: string };

/** Local reasons for a 加急 the bot did not make; they are grouped like Feishu's codes. */
export const URGENT_LIMIT = 'urgent_limit';
export const URGENT_NOT_MEMBER = 'urgent_not_member';

const MESSAGE_ERRORS: Readonly<Record<string, Explained>> = {
  '230002': {
    scope: 'recipient',
    reason: '机器人不在该群中',
    fix: '请把“督查督办助手”机器人加入该群；如该单位已换群，请在名录中更新群的 chat_id 后重新导入。',
  },
  '232009': {
    scope: 'recipient',
    reason: '该群已解散',
    fix: '请为该单位另建工作群并加入机器人，在名录中更新群的 chat_id 后重新导入。',
  },
  '230013': {
    scope: 'recipient',
    reason: '该人员不在应用的可用范围内',
    fix: '请在飞书管理后台将其加入“督查督办助手”的可用范围，或核对名录中的 open_id。',
  },
  '230029': {
    scope: 'recipient',
    reason: '该人员已离职',
    fix: '该人员已离职，请更新名录（更换负责人或联络员）后重新导入。',
  },
  '230053': {
    scope: 'recipient',
    reason: '该人员已屏蔽机器人消息',
    fix: '请联系本人在飞书中解除对“督查督办助手”的屏蔽。',
  },
  '230034': {
    scope: 'recipient',
    reason: '接收对象的 ID 无效',
    fix: '请核对名录中的 open_id / chat_id（须为本应用下的 ID）后重新导入。',
  },
  '230035': {
    scope: 'recipient',
    reason: '机器人在该群没有发言权限',
    fix: '请在群设置中允许机器人发言（或解除全员禁言）。',
  },
  '230006': {
    scope: 'app',
    reason: '应用未启用机器人能力',
    fix: '请在开发者后台“应用能力”中开启机器人并发布版本。',
  },
  '99991672': {
    scope: 'app',
    reason: '应用缺少所需权限',
    fix: '请在开发者后台为应用开通所需权限（见 README）并发布版本。',
  },
  '99991401': {
    scope: 'app',
    reason: '服务器 IP 不在应用的 IP 白名单中',
    fix: '请在开发者后台“安全设置”中把服务器出口 IP 加入白名单。',
  },
  '230099': {
    scope: 'content',
    reason: '卡片内容被飞书拒绝',
    fix: '已改发简要提醒。这是系统问题，已记入日志，请联系运维人员处理。',
  },
  '230025': {
    scope: 'content',
    reason: '消息内容超出飞书长度限制',
    fix: '已改发简要提醒。这是系统问题，已记入日志，请联系运维人员处理。',
  },
};

const URGENT_ERRORS: Readonly<Record<string, Explained>> = {
  '230023': {
    scope: 'recipient',
    reason: '该人员未读加急已达飞书上限（200 条）',
    fix: '请提醒本人阅读加急消息；在此之前对其加急均会失败。',
  },
  [URGENT_LIMIT]: {
    scope: 'recipient',
    reason: '该人员未读加急已达本系统上限，暂停对其加急',
    fix: '请提醒本人阅读加急消息（飞书对每人最多保留 200 条未读加急）；消息照常发送。',
  },
  [URGENT_NOT_MEMBER]: {
    scope: 'recipient',
    reason: '该人员不在消息所在的群中，无法加急',
    fix: '请把该人员加入单位工作群，或核对名录中的 open_id。',
  },
  '230024': {
    scope: 'app',
    reason: '企业的短信/电话加急额度已用完',
    fix: '请企业管理员在管理后台“费用中心”查看加急额度，或在设置中把加急方式改为应用内加急（urgent.channel app）。',
  },
  '230027': {
    scope: 'app',
    reason: '应用没有加急权限',
    fix: '请在开发者后台开通 im:message.urgent（短信、电话加急另需 im:message.urgent:sms、im:message.urgent:phone）并发布版本；群内加急还需在群设置中允许所有成员加急，或把机器人设为群管理员。',
  },
  '99991672': {
    scope: 'app',
    reason: '应用没有加急权限',
    fix: '请在开发者后台开通 im:message.urgent（短信、电话加急另需 im:message.urgent:sms、im:message.urgent:phone）并发布版本。',
  },
};

/**
 * The explanation of a failure. An unknown code still says what Feishu answered, and counts as the
 * recipient's problem: grouped on them, and ended by the next delivery that reaches them.
 */
export function explainFailure(channel: Channel, code: string, rawError: string): Explained {
  const known = (channel === 'urgent' ? URGENT_ERRORS[code] : undefined) ?? MESSAGE_ERRORS[code];
  if (known) return known;
  return {
    scope: 'recipient',
    reason: `飞书返回错误：${rawError.slice(0, 120)}`,
    fix: '请联系运维人员查看日志处理。',
  };
}

type To = { type: 'open_id' | 'chat_id'; id: string };

/** A recipient's own delivery problem subject: `chat_id:oc_…`, `open_id:ou_…`. */
export const recipientSubject = (to: To): string => `${to.type}:${to.id}`;

/** Whether a problem subject (problemSubject) is about 加急 rather than messages. */
export const subjectChannel = (subject: string): Channel =>
  subject.startsWith('urgent:') || subject === 'app:urgent' ? 'urgent' : 'message';

/**
 * What failures are grouped on: the recipient (or the person, for 加急), the app, or the kind of
 * message for content errors.
 */
export function problemSubject(channel: Channel, scope: ProblemScope, to: To, purpose: string): string {
  if (scope === 'app') return channel === 'urgent' ? 'app:urgent' : 'app';
  if (scope === 'content') return `content:${purpose.split(':')[0] ?? purpose}`;
  return channel === 'urgent' ? `urgent:${to.id}` : recipientSubject(to);
}

/** The subjects a delivery ends: its recipient's, and the app-wide ones of its channel. */
export function subjectsEndedBy(channel: Channel, to: To): string[] {
  return channel === 'urgent' ? [`urgent:${to.id}`, 'app:urgent'] : [recipientSubject(to), 'app'];
}
