/**
 * Feishu documents (docx v1) through the SDK: create a document, append blocks to it, and let a
 * group read it (drive permission members). Enough for the written 专报.
 */
import type * as lark from '@larksuiteoapi/node-sdk';
import type { Result } from '../lib/result.ts';
import { err, ok } from '../lib/result.ts';
import type { SdkInvoke } from './client.ts';
import type { SendFailure } from './errors.ts';

type SdkDescendants = NonNullable<
  Parameters<lark.Client['docx']['v1']['documentBlockDescendant']['create']>[0]
>['data']['descendants'];
/** One block of a nested insert: a temporary `block_id`, its `children` by those ids. */
export type DocBlock = SdkDescendants[number];

export type DocsApi = {
  createDocument(
    title: string,
    folderToken: string | null,
  ): Promise<Result<{ documentId: string }, SendFailure>>;
  /**
   * Appends `descendants` at the end of the document (its page block); `children` are the ids of
   * the top-level ones. The client token makes a retried call a no-op at Feishu.
   */
  appendBlocks(
    documentId: string,
    children: readonly string[],
    descendants: readonly DocBlock[],
    clientToken: string,
  ): Promise<Result<null, SendFailure>>;
  /** Read access for the members of a group chat. */
  shareWithChat(documentId: string, chatId: string): Promise<Result<null, SendFailure>>;
};

export function createDocsApi(invoke: SdkInvoke): DocsApi {
  return {
    async createDocument(title, folderToken) {
      const res = await invoke((c) =>
        c.docx.v1.document.create({ data: { title, ...(folderToken ? { folder_token: folderToken } : {}) } }),
      );
      if (!res.ok) return res;
      const documentId = res.value.data?.document?.document_id;
      return documentId
        ? ok({ documentId })
        : err({ kind: 'permanent', message: 'document create answered without document_id' });
    },
    async appendBlocks(documentId, children, descendants, clientToken) {
      const res = await invoke((c) =>
        c.docx.v1.documentBlockDescendant.create({
          path: { document_id: documentId, block_id: documentId },
          params: { document_revision_id: -1, client_token: clientToken },
          data: { children_id: [...children], descendants: [...descendants] },
        }),
      );
      return res.ok ? ok(null) : res;
    },
    async shareWithChat(documentId, chatId) {
      const res = await invoke((c) =>
        c.drive.v1.permissionMember.create({
          path: { token: documentId },
          params: { type: 'docx', need_notification: false },
          data: { member_type: 'openchat', member_id: chatId, perm: 'view', type: 'chat' },
        }),
      );
      return res.ok ? ok(null) : res;
    },
  };
}
