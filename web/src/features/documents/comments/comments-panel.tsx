import { CloseOutlined, DownloadOutlined, PaperClipOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Space } from 'antd';
import { useId, useRef, useState } from 'react';

import { ApiError, type FieldError } from '../../../shared/api/client';
import { applyFieldErrors } from '../../../shared/api/form-errors';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { formatVnTime, toVnIso } from '../../../shared/lib/vn-time';
import { EmptyState } from '../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { addComment, commentFileUrl, listComments, uploadCommentFile } from './api';
import { commentMessages } from './i18n';

const ACCEPTED = '.pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/png,image/jpeg,image/tiff';

/**
 * The comments of one document (incoming or outgoing: one id space), oldest first, each with its
 * author, time in Vietnam time and file; a form to add one with an optional file (none on a
 * confidential document: the API refuses it, so the picker is not offered).
 */
export function CommentsPanel({
  documentId,
  confidential = false,
  onAdded,
}: {
  documentId: number;
  confidential?: boolean;
  /** Called after a comment is added (the page reloads its timeline, which lists it). */
  onAdded?: () => void;
}) {
  const t = useTranslate(commentMessages);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text?: string }>();
  const comments = useAsync((signal) => listComments(documentId, signal), [documentId]);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [extra, setExtra] = useState<FieldError[]>([]);
  // The file is no form value (a native input): its error is kept here, shown under the picker.
  const [fileError, setFileError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const fileInputId = useId();
  const headingId = useId();

  const submit = async ({ text }: { text?: string }) => {
    setBusy(true);
    setError(null);
    setExtra([]);
    setFileError(null);
    try {
      // The file is uploaded at sending time, so an abandoned choice leaves nothing behind.
      const uploaded = file && !confidential ? await uploadCommentFile(file) : null;
      await addComment(documentId, {
        text: text?.trim() ?? '',
        ...(uploaded ? { fileId: uploaded.id } : {}),
      });
      void message.success(t('sent'));
      form.resetFields();
      setFile(null);
      if (input.current) input.current.value = '';
      comments.reload();
      onAdded?.();
    } catch (e) {
      const unmatched = applyFieldErrors(form, e, ['text']);
      const onFile = unmatched.filter((f) => f.field === 'fileId' || f.field === 'file');
      const rest = unmatched.filter((f) => !onFile.includes(f));
      setFileError(onFile.map((f) => f.message).join(' ') || null);
      setExtra(rest);
      setError(
        rest.length > 0 || !(e instanceof ApiError) || e.fieldErrors.length === 0 ? e : null,
      );
    } finally {
      setBusy(false);
    }
  };

  const items = comments.data?.items ?? [];
  return (
    <Card
      style={{ marginTop: 16 }}
      title={
        <h2 id={headingId} className="cqdt-card-title">
          {t('title')}
        </h2>
      }
    >
      <section
        aria-labelledby={headingId}
        data-testid="comments-panel"
        aria-busy={comments.loading}
      >
        {comments.error ? <ErrorAlert error={comments.error} title={t('loadFailed')} /> : null}
        {comments.data && items.length === 0 ? <EmptyState text={t('empty')} /> : null}
        {items.length > 0 ? (
          <ol className="cqdt-work-list" aria-label={t('listLabel')}>
            {items.map((c) => (
              <li key={c.id} className="cqdt-work-item" data-testid="comment">
                <div>
                  <strong>{c.authorName}</strong>{' '}
                  <time className="cqdt-muted" dateTime={toVnIso(c.createdAt)}>
                    {t('at', { time: formatVnTime(c.createdAt) })}
                  </time>
                </div>
                <div className="cqdt-wrap-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
                  {c.text}
                </div>
                {c.file ? (
                  <a
                    href={commentFileUrl(documentId, c.file.id)}
                    className="cqdt-text-link"
                    download={c.file.name}
                    aria-label={t('download', { name: c.file.name })}
                  >
                    <DownloadOutlined aria-hidden /> {c.file.name} (
                    {t('size', { size: Math.max(1, Math.round(c.file.size / 1024)) })})
                  </a>
                ) : null}
              </li>
            ))}
          </ol>
        ) : null}
        {error ? <ErrorAlert error={error} extraErrors={extra} title={t('failed')} /> : null}
        {/* A form name of its own: its field ids must not clash with the page's other forms. */}
        <Form
          form={form}
          name={`comment-${documentId}`}
          layout="vertical"
          noValidate
          onFinish={(v) => void submit(v)}
        >
          <Form.Item
            name="text"
            label={t('text')}
            rules={[{ required: true, whitespace: true, message: t('textRequired') }]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
          </Form.Item>
          {confidential ? (
            <p className="cqdt-muted">{t('confidentialNoFile')}</p>
          ) : (
            <Form.Item
              label={t('file')}
              extra={t('fileHelp')}
              htmlFor={fileInputId}
              validateStatus={fileError ? 'error' : undefined}
              help={fileError ?? undefined}
            >
              <Space wrap>
                <input
                  ref={input}
                  id={fileInputId}
                  type="file"
                  accept={ACCEPTED}
                  className="cqdt-visually-hidden"
                  onChange={(e) => {
                    setFile(e.target.files?.[0] ?? null);
                    setFileError(null);
                  }}
                />
                <Button
                  icon={<PaperClipOutlined aria-hidden />}
                  onClick={() => input.current?.click()}
                >
                  {t('chooseFile')}
                </Button>
                {file ? (
                  <span data-testid="comment-file">
                    {file.name}{' '}
                    <Button
                      type="text"
                      size="small"
                      icon={<CloseOutlined aria-hidden />}
                      aria-label={t('removeFile', { name: file.name })}
                      onClick={() => {
                        setFile(null);
                        if (input.current) input.current.value = '';
                      }}
                    />
                  </span>
                ) : null}
              </Space>
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('send')}
          </Button>
        </Form>
      </section>
    </Card>
  );
}
