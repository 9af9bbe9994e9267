import { SearchOutlined } from '@ant-design/icons';
import { Button, Input } from 'antd';
import { type FormEvent, useId, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';

import { useTranslate } from '../../shared/i18n/use-translate';
import { searchMessages } from './i18n';
import { SEARCH_PATH, searchPath } from './paths';
import './search.css';

/**
 * The search box of the staff header, on every staff page: Enter (or the button) opens the search
 * page with `?q=`. A visible label names it (WCAG 3.3.2). On a phone (`compact`) the header has
 * no room for a field: a button opens the search page, whose own field takes the focus. The search
 * page has its own, larger box, so the header's is not repeated there.
 */
export function HeaderSearch({ compact = false }: { compact?: boolean }) {
  const t = useTranslate(searchMessages);
  const navigate = useNavigate();
  const location = useLocation();
  const [query, setQuery] = useState('');
  const id = useId();

  if (location.pathname === SEARCH_PATH) {
    return null;
  }
  if (compact) {
    return (
      <Link to={SEARCH_PATH} className="cqdt-header-search__open" aria-label={t('openSearch')}>
        <SearchOutlined aria-hidden />
      </Link>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The box leaves the header on the search page: the page moves the focus to its results.
    void navigate(searchPath(query), { state: { focusResults: true } });
    setQuery('');
  };

  return (
    <form
      role="search"
      aria-label={t('headerLandmark')}
      className="cqdt-header-search"
      onSubmit={submit}
      noValidate
    >
      <label htmlFor={id} className="cqdt-header-search__label">
        {t('headerLabel')}
      </label>
      <Input
        id={id}
        type="search"
        name="q"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        placeholder={t('headerPlaceholder')}
        enterKeyHint="search"
        autoComplete="off"
        className="cqdt-header-search__input"
      />
      <Button
        htmlType="submit"
        icon={<SearchOutlined aria-hidden />}
        aria-label={t('headerSubmit')}
      />
    </form>
  );
}
