// The template editor's cheat-sheet: every placeholder a template may use, what it holds when
// the message is sent, and how a section is written.
import { Typography } from 'antd';

import { useTranslate } from '../../../shared/i18n/use-translate';
import { mailAdminMessages, PLACEHOLDERS } from '../i18n';

export function PlaceholderHelp() {
  const t = useTranslate(mailAdminMessages);
  return (
    <section aria-labelledby="mail-placeholders-title">
      <Typography.Title id="mail-placeholders-title" level={3} style={{ fontSize: 16 }}>
        {t('placeholdersTitle')}
      </Typography.Title>
      <Typography.Paragraph>{t('placeholdersIntro')}</Typography.Paragraph>
      <ul className="cqdt-mail-placeholders">
        {PLACEHOLDERS.map((name) => (
          <li key={name}>
            <code>{`{{${name}}}`}</code> – {t(`placeholder_${name}`)}
          </li>
        ))}
      </ul>
      <Typography.Paragraph style={{ marginTop: 8 }}>
        {t('example')} <span className="cqdt-mail-code">{t('sectionExample')}</span>
      </Typography.Paragraph>
    </section>
  );
}
