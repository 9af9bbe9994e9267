import { Button, Card, Grid, Pagination, Spin, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useLocation, useSearchParams } from 'react-router';

import { ApiError, type FieldError } from '../../shared/api/client';
import { commonMessages } from '../../shared/i18n/common-messages';
import { useLanguage } from '../../shared/i18n/use-language';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useAsync } from '../../shared/lib/use-async';
import { useDocumentTitle } from '../../shared/lib/use-document-title';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorAlert } from '../../shared/ui/error-alert';
import { searchDocuments } from './api';
import { Facets } from './facets';
import { HitList } from './hit-list';
import { searchMessages, type SearchTranslate } from './i18n';
import { rememberLabels } from './labels';
import { SearchForm } from './search-form';
import {
  hasFilters,
  PAGE_SIZE,
  readSearchState,
  SEARCH_WINDOW,
  type SearchState,
  toQuery,
  withoutFilters,
  writeSearchState,
} from './url-state';
import './search.css';

/** Fields whose errors show under their own control on this page. */
const FORM_FIELDS = new Set(['q', 'from', 'to', 'recordId']);

/** The server names a field by its API name ('from'); a person reads its label. */
function withLabel(message: string, field: string, label: string): string {
  return message.split(`'${field}'`).join(`“${label}”`);
}

function leftoverLabel(field: string, t: SearchTranslate): string {
  switch (field) {
    case 'direction':
      return t('facet_direction');
    case 'typeOrdinal':
      return t('facet_type');
    case 'state':
      return t('facet_state');
    case 'urgency':
      return t('facet_urgency');
    case 'registerId':
      return t('registerChosen');
    default:
      return field;
  }
}

/**
 * Document search (`/tim-kiem`): words without diacritics find the documents the person may see,
 * best first with the matched words marked; the facets count the hits per direction, type, state
 * and urgency and filter when chosen; the dates and the work record filter too. The query, the
 * filters and the page live in the address.
 */
export default function SearchPage() {
  const t = useTranslate(searchMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readSearchState(params), [params]);
  useDocumentTitle(
    state.q.trim() ? t('titleFor', { q: state.q.trim() }) : t('title'),
    tc('appName'),
  );
  const location = useLocation();
  const query = toQuery(state);
  const result = useAsync((signal) => searchDocuments(query, signal), [query, lang]);
  const screens = Grid.useBreakpoint();
  const isPhone = screens.lg === false;
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => rememberLabels(lang, result.data), [lang, result.data]);
  // Searched from the header's box (which this page does not show): the focus goes to the
  // results' heading, whose count is read out, instead of being lost with the box.
  const focusResults = (location.state as { focusResults?: boolean } | null)?.focusResults;
  useEffect(() => {
    if (focusResults) {
      heading.current?.focus();
    }
  }, [focusResults, location.key]);

  const go = useCallback(
    (next: SearchState) => {
      setParams(writeSearchState(next));
    },
    [setParams],
  );

  const fieldErrors: FieldError[] =
    result.error instanceof ApiError && result.error.status === 422 ? result.error.fieldErrors : [];
  const errorsOf = (field: string, label: string) =>
    fieldErrors.filter((e) => e.field === field).map((e) => withLabel(e.message, field, label));
  const leftovers = fieldErrors
    .filter((e) => !FORM_FIELDS.has(e.field))
    .map((e) => ({
      field: '',
      code: e.code,
      message: withLabel(e.message, e.field, leftoverLabel(e.field, t)),
    }));
  const failed = !!result.error;
  const data = failed ? undefined : result.data;
  const total = data?.total ?? 0;
  const filtered = hasFilters(state);
  const chosen = [
    state.direction,
    state.typeOrdinal,
    state.state,
    state.urgency,
    state.from,
    state.to,
    state.recordId,
    state.registerId,
  ].filter(Boolean).length;
  // A refused date or record is shown under its field, which a phone must then unfold.
  const formErrors = fieldErrors.some((e) => e.field !== 'q' && FORM_FIELDS.has(e.field));
  const more = !!data?.more;
  const reachable = Math.min(total, SEARCH_WINDOW);
  const formatCount = (count: number) => count.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');

  const changePage = (page: number) => {
    go({ ...state, page });
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'start' });
  };

  const facets = <Facets state={state} result={data} lang={lang} t={t} />;
  const clearFilters = filtered ? (
    <Button onClick={() => go(withoutFilters(state))}>{t('clearFilters')}</Button>
  ) : null;

  let body;
  if (failed) {
    body =
      fieldErrors.length > 0 && leftovers.length === 0 ? (
        <p className="cqdt-search__fix" role="alert">
          {t('fixFields')}
        </p>
      ) : (
        <ErrorAlert error={result.error} extraErrors={leftovers} title={t('loadFailed')} />
      );
  } else if (data && total === 0) {
    body = (
      <EmptyState
        text={
          state.q.trim()
            ? t('emptyQuery', { q: state.q.trim() })
            : filtered
              ? t('emptyFiltered')
              : t('emptyAll')
        }
        extra={clearFilters}
      />
    );
  } else if (data && data.items.length === 0) {
    // An address past the last page (the hits changed since it was written).
    body = (
      <EmptyState
        text={t('pageEmpty')}
        extra={<Button onClick={() => go({ ...state, page: 1 })}>{t('firstPage')}</Button>}
      />
    );
  } else {
    body = (
      <>
        <HitList
          hits={data?.items ?? []}
          start={(state.page - 1) * PAGE_SIZE + 1}
          label={t('resultsTitle')}
          t={t}
        />
        {total > PAGE_SIZE ? (
          <nav aria-label={t('pages')} className="cqdt-search__pages">
            <Pagination
              current={state.page}
              pageSize={PAGE_SIZE}
              total={reachable}
              onChange={changePage}
              showSizeChanger={false}
              simple={isPhone}
            />
          </nav>
        ) : null}
        {more ? (
          <p className="cqdt-muted" data-testid="search-more">
            {t('limitNote', { count: formatCount(SEARCH_WINDOW) })}
          </p>
        ) : null}
      </>
    );
  }

  const words = state.q.trim();
  const totalText = !data
    ? t('searching')
    : more
      ? words
        ? t('totalMoreFor', { count: formatCount(total), q: words })
        : t('totalMore', { count: formatCount(total) })
      : words
        ? t('totalFor', { count: total, q: words })
        : t('total', { count: total });

  return (
    <>
      <div className="cqdt-page-heading">
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('title')}
        </Typography.Title>
      </div>
      <p className="cqdt-search__intro">{t('intro')}</p>
      <Card size="small" style={{ marginBottom: 16 }}>
        <SearchForm
          state={state}
          onChange={go}
          errorsOf={errorsOf}
          t={t}
          part={isPhone ? 'words' : 'all'}
        />
      </Card>
      <div className="cqdt-search">
        {isPhone ? (
          <details
            className="cqdt-search__filters cqdt-search__filters--phone"
            open={formErrors || undefined}
          >
            <summary>
              {chosen > 0 ? t('filtersChosen', { count: chosen }) : t('filtersTitle')}
            </summary>
            <SearchForm state={state} onChange={go} errorsOf={errorsOf} t={t} part="filters" />
            {facets}
            {clearFilters}
          </details>
        ) : (
          <section className="cqdt-search__filters" aria-labelledby="cqdt-search-filters">
            <h2 id="cqdt-search-filters" className="cqdt-search__filters-title">
              {t('filtersTitle')}
            </h2>
            {facets}
            {clearFilters}
          </section>
        )}
        <section className="cqdt-search__results" aria-labelledby="cqdt-search-total">
          <div role="status">
            <h2
              id="cqdt-search-total"
              ref={heading}
              tabIndex={-1}
              className="cqdt-search__total"
              data-testid="search-total"
            >
              {failed ? t('resultsTitle') : totalText}
            </h2>
          </div>
          <Spin spinning={result.loading} description={t('searching')}>
            <div aria-busy={result.loading}>{body}</div>
          </Spin>
        </section>
      </div>
    </>
  );
}
