// "Thủ tục hành chính" on the portal (/portal/thu-tuc; issue 13 item 1): anyone finds a procedure
// by words typed with or without accents, by life event, sector, level or performing agency. The
// filters live in the address (?q=&su-kien=&linh-vuc=&cap=&co-quan=&trang=) so that a result can be
// shared and the back button works. Each facet counts what matches the other filters.
import { Button, Pagination, Select, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';

import { commonMessages } from '../../../shared/i18n/common-messages';
import { useLanguage } from '../../../shared/i18n/use-language';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { EmptyState } from '../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { Flag, type FlagKind } from '../../../shared/ui/flag';
import {
  type Level,
  LEVELS,
  listProcedures,
  type ProcedureSummary,
} from '../../../shared/api/procedures';
import { catalogueMessages } from '../catalogue-i18n';
import { portalProcedurePath } from '../paths';
import { ProcedureSearch } from '../procedure-search';
import '../portal.css';

const PAGE_SIZE = 20;
const ALL = '';

const ONLINE_FLAGS: Record<string, FlagKind> = {
  full: 'ok',
  partial: 'info',
  information: 'neutral',
};

function isLevel(value: string): value is Level {
  return (LEVELS as readonly string[]).includes(value);
}

export default function PortalProceduresPage() {
  const t = useTranslate(catalogueMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  useDocumentTitle(t('title'), tc('appName'));
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const event = params.get('su-kien') ?? ALL;
  const sector = params.get('linh-vuc') ?? ALL;
  const levelParam = params.get('cap') ?? ALL;
  const level = isLevel(levelParam) ? levelParam : ALL;
  const agencyParam = Number(params.get('co-quan') ?? '');
  const agency = Number.isInteger(agencyParam) && agencyParam > 0 ? agencyParam : 0;
  const pageParam = Number(params.get('trang') ?? '1');
  const page = Number.isInteger(pageParam) && pageParam > 0 ? pageParam : 1;

  const list = useAsync(
    (signal) =>
      listProcedures(
        {
          q: q || undefined,
          lifeEvent: event || undefined,
          sector: sector || undefined,
          level: level || undefined,
          agencyId: agency || undefined,
          limit: PAGE_SIZE,
          offset: (page - 1) * PAGE_SIZE,
        },
        signal,
      ),
    [q, event, sector, level, agency, page, lang],
  );

  /** Sets one filter (empty removes it) and goes back to the first page. */
  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) {
      next.set(name, value);
    } else {
      next.delete(name);
    }
    next.delete('trang');
    setParams(next);
  };
  const setPage = (n: number) => {
    const next = new URLSearchParams(params);
    if (n > 1) {
      next.set('trang', String(n));
    } else {
      next.delete('trang');
    }
    setParams(next);
    window.scrollTo({ top: 0 });
  };
  const filtered = Boolean(q || event || sector || level || agency);
  const data = list.data;

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 28 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 16 }}>{t('lead')}</Typography.Paragraph>
      <ProcedureSearch
        id="portal-procedures-q"
        label={t('searchLabel')}
        placeholder={t('searchPlaceholder')}
        button={t('searchButton')}
        initial={q}
        onSearch={(words) => setFilter('q', words)}
      />

      <section aria-labelledby="portal-events" className="cqdt-portal-section">
        <Typography.Title level={2} id="portal-events" style={{ fontSize: 18 }}>
          {t('eventsTitle')}
        </Typography.Title>
        <div className="cqdt-portal-events">
          <Button
            aria-pressed={event === ALL}
            type={event === ALL ? 'primary' : 'default'}
            onClick={() => setFilter('su-kien', ALL)}
          >
            {t('allEvents')}
          </Button>
          {(data?.lifeEvents ?? []).map((e) => (
            <Button
              key={e.code}
              aria-pressed={event === e.code}
              type={event === e.code ? 'primary' : 'default'}
              onClick={() => setFilter('su-kien', event === e.code ? ALL : e.code)}
            >
              {t('eventOption', { label: e.label, count: e.count })}
            </Button>
          ))}
        </div>
      </section>

      <section aria-labelledby="portal-filters" className="cqdt-portal-section">
        <Typography.Title level={2} id="portal-filters" style={{ fontSize: 18 }}>
          {t('filtersTitle')}
        </Typography.Title>
        <div className="cqdt-filter-bar cqdt-portal-filters">
          <div>
            <label htmlFor="portal-procedures-sector">{t('sectorLabel')}</label>
            <Select
              id="portal-procedures-sector"
              value={sector}
              showSearch={{ optionFilterProp: 'label' }}
              onChange={(v) => setFilter('linh-vuc', v)}
              options={[
                { value: ALL, label: t('sectorAll') },
                ...(data?.sectors ?? [])
                  .filter((s) => s.code !== '')
                  .map((s) => ({
                    value: s.code,
                    label: t('optionCount', { name: s.name, count: s.count }),
                  })),
              ]}
            />
          </div>
          <div>
            <label htmlFor="portal-procedures-level">{t('levelLabel')}</label>
            <Select
              id="portal-procedures-level"
              value={level}
              onChange={(v) => setFilter('cap', v)}
              options={[
                { value: ALL, label: t('levelAll') },
                ...LEVELS.map((l) => ({ value: l, label: t(`level_${l}`) })),
              ]}
            />
          </div>
          <div>
            <label htmlFor="portal-procedures-agency">{t('agencyLabel')}</label>
            <Select
              id="portal-procedures-agency"
              value={agency || ALL}
              showSearch={{ optionFilterProp: 'label' }}
              onChange={(v) => setFilter('co-quan', v ? String(v) : ALL)}
              options={[
                { value: ALL, label: t('agencyAll') },
                ...(data?.agencies ?? []).map((a) => ({
                  value: a.id,
                  label: t('optionCount', { name: a.name, count: a.count }),
                })),
              ]}
            />
          </div>
          {filtered ? (
            <Button type="link" onClick={() => setParams(new URLSearchParams())}>
              {t('clearFilters')}
            </Button>
          ) : null}
        </div>
      </section>

      <section aria-labelledby="portal-results" className="cqdt-portal-section">
        <Typography.Title level={2} id="portal-results" style={{ fontSize: 18 }}>
          {t('resultsTitle')}
        </Typography.Title>
        {list.error ? <ErrorAlert error={list.error} title={t('loadFailed')} /> : null}
        <Typography.Paragraph type="secondary" aria-live="polite" aria-busy={list.loading}>
          {data ? t('total', { count: data.total }) : tc('loading')}
        </Typography.Paragraph>
        {data && data.items.length === 0 ? <EmptyState text={t('empty')} /> : null}
        <ul className="cqdt-portal-results">
          {(data?.items ?? []).map((p) => (
            <ProcedureItem key={p.code} procedure={p} />
          ))}
        </ul>
        {data && data.total > PAGE_SIZE ? (
          <nav aria-label={t('pagination')}>
            <Pagination
              current={page}
              pageSize={PAGE_SIZE}
              total={data.total}
              showSizeChanger={false}
              onChange={setPage}
            />
          </nav>
        ) : null}
      </section>
    </>
  );
}

function ProcedureItem({ procedure: p }: { procedure: ProcedureSummary }) {
  const t = useTranslate(catalogueMessages);
  return (
    <li className="cqdt-portal-result">
      <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
        <Link to={portalProcedurePath(p.code)}>{p.name}</Link>
      </Typography.Title>
      <div className="cqdt-portal-result__meta">
        <span>
          {t('code')}: {p.code}
        </span>
        <span>{p.levelLabel}</span>
        <span>{p.sector.name}</span>
        {p.shortestDeadline ? (
          <span>
            {t('deadline')}: {t('from', { label: p.shortestDeadline.label })}
          </span>
        ) : null}
        <Flag kind={ONLINE_FLAGS[p.onlineLevel] ?? 'neutral'}>{t(`online_${p.onlineLevel}`)}</Flag>
      </div>
    </li>
  );
}
