// "Thông báo qua thư điện tử": the signed-in person (an official in the staff workspace at
// /thong-bao-thu-dien-tu, a citizen in the portal at /portal/thong-bao-thu-dien-tu) chooses which
// kinds of notice also come by e-mail. The kinds the law requires (a dossier received, more
// documents needed, the result, the apology with a new date) stay on: shown switched on, disabled,
// with the reason. One "Lưu lựa chọn" saves every choice at once.
import { App as AntdApp, Button, Switch, Typography } from 'antd';
import { type FormEvent, useState } from 'react';

import { useAuth } from '../../../shared/auth/use-auth';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useLanguage } from '../../../shared/i18n/use-language';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { EmptyState } from '../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { ApiError } from '../../../shared/api/client';
import { getPreferences, type MailPreference, savePreferences } from '../api';
import { MailLoadError } from '../components/mail-load-error';
import '../mail.css';
import { mailPreferencesMessages } from '../preferences-i18n';

function PreferencesForm() {
  const t = useTranslate(mailPreferencesMessages);
  const tc = useTranslate(commonMessages);
  const { message } = AntdApp.useApp();
  const list = useAsync((signal) => getPreferences(signal), []);
  // The server's answer to the last save, until the page is left (or the language changes).
  const [saved, setSaved] = useState<MailPreference[] | null>(null);
  const [choices, setChoices] = useState<Record<string, boolean>>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  // The kinds the law requires first, then the others, each in the server's order.
  const answer = saved ?? list.data?.items;
  const items = answer && [
    ...answer.filter((p) => p.required),
    ...answer.filter((p) => !p.required),
  ];

  if (list.error) {
    return (
      <MailLoadError
        error={list.error}
        offTitle={t('offTitle')}
        offText={t('offText')}
        title={t('loadFailed')}
        reloadLabel={t('reload')}
        onReload={list.reload}
      />
    );
  }
  if (!items) {
    return <Typography.Paragraph aria-busy="true">{tc('loading')}</Typography.Paragraph>;
  }
  if (items.length === 0) {
    return <EmptyState text={t('empty')} />;
  }

  const enabled = (p: MailPreference) => p.required || (choices[p.kind] ?? p.enabled);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      const answer = await savePreferences(
        items.filter((p) => !p.required).map((p) => ({ kind: p.kind, enabled: enabled(p) })),
      );
      setSaved(answer.items);
      setChoices({});
      void message.success(t('saved'));
    } catch (reason) {
      setError(reason);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form noValidate onSubmit={(event) => void submit(event)}>
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert
            error={error}
            extraErrors={error instanceof ApiError ? error.fieldErrors : []}
          />
        </div>
      ) : null}
      <ul className="cqdt-mail-prefs" aria-label={t('listLabel')}>
        {items.map((p) => {
          const id = `mail-pref-${p.kind.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
          const on = enabled(p);
          return (
            <li key={p.kind} data-kind={p.kind}>
              <span className="cqdt-mail-prefs__text">
                <label htmlFor={id} className="cqdt-mail-prefs__name">
                  {p.name}
                </label>
                {p.required ? (
                  <span id={`${id}-note`} className="cqdt-mail-prefs__note">
                    {t('required')}
                  </span>
                ) : null}
              </span>
              <span className="cqdt-mail-prefs__control">
                <span aria-hidden className="cqdt-muted">
                  {on ? t('on') : t('off')}
                </span>
                <Switch
                  id={id}
                  checked={on}
                  disabled={p.required}
                  aria-describedby={p.required ? `${id}-note` : undefined}
                  onChange={(value) => setChoices((c) => ({ ...c, [p.kind]: value }))}
                />
              </span>
            </li>
          );
        })}
      </ul>
      {items.some((p) => p.required) ? (
        <Typography.Paragraph className="cqdt-muted" style={{ maxWidth: 720 }}>
          {t('requiredHelp')}
        </Typography.Paragraph>
      ) : null}
      <Button type="primary" htmlType="submit" loading={saving}>
        {t('save')}
      </Button>
    </form>
  );
}

export default function MailPreferencesPage() {
  const t = useTranslate(mailPreferencesMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const { user } = useAuth();
  useDocumentTitle(t('title'), tc('appName'));
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph style={{ maxWidth: 720 }}>
        {user?.realm === 'citizen' ? t('introCitizen') : t('intro')}
      </Typography.Paragraph>
      {/* A new language asks the server again: the kinds' names come in the page's language. */}
      <PreferencesForm key={lang} />
    </>
  );
}
