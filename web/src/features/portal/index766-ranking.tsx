// The ranking of the Decision 766 page: one row per unit (rank, name, total, the score of each
// group), sortable by score; a unit's name links to its details on the same page (?don-vi=<id>).
import { Table, type TableColumnsType } from 'antd';
import { Link } from 'react-router';

import { useLanguage } from '../../shared/i18n/use-language';
import { useTranslate } from '../../shared/i18n/use-translate';
import { EmptyState } from '../../shared/ui/empty-state';
import type { GroupCode, Index766Group, Index766Unit } from './index766-api';
import { localName, useIndex766Format } from './index766-format';
import { index766Messages } from './index766-i18n';

/** A score cell: the number, or a dash that a screen reader reads as "no score". */
export function ScoreText({ value, max }: { value: number | null; max?: number }) {
  const t = useTranslate(index766Messages);
  const f = useIndex766Format();
  if (value === null) {
    return (
      <>
        <span aria-hidden>–</span>
        <span className="cqdt-visually-hidden">{t('noScore')}</span>
        {max === undefined ? null : `/${f.score(max)}`}
      </>
    );
  }
  return <>{max === undefined ? f.score(value) : `${f.score(value)}/${f.score(max)}`}</>;
}

const LEVELS = ['province', 'department', 'commune'] as const;

const isKnownLevel = (level: string): level is (typeof LEVELS)[number] =>
  (LEVELS as readonly string[]).includes(level);

const groupScore = (unit: Index766Unit, code: GroupCode) =>
  unit.groups.find((g) => g.code === code)?.score ?? null;

export function RankingTable({
  units,
  groups,
  selectedId,
  searchFor,
  onChoose,
  loading,
}: {
  units: Index766Unit[];
  /** The columns' groups (the province's), in order. */
  groups: Index766Group[];
  selectedId: number | null;
  /** The address's query string that shows one unit's details. */
  searchFor: (agencyId: number) => string;
  onChoose: () => void;
  loading: boolean;
}) {
  const t = useTranslate(index766Messages);
  const { lang } = useLanguage();
  const columns: TableColumnsType<Index766Unit> = [
    {
      title: t('colRank'),
      key: 'rank',
      width: 64,
      render: (_, u) => u.rank ?? '–',
    },
    {
      title: t('colUnit'),
      key: 'unit',
      width: 180,
      render: (_, u) => {
        const selected = u.agencyId === selectedId;
        return (
          <>
            <Link
              to={{ search: searchFor(u.agencyId) }}
              preventScrollReset
              onClick={onChoose}
              aria-current={selected ? 'true' : undefined}
              lang={lang === 'vi' ? undefined : 'vi'}
              className="cqdt-index766-unit-link"
            >
              {u.agencyName}
            </Link>
            {isKnownLevel(u.level) ? (
              <div className="cqdt-muted">{t(`level_${u.level}`)}</div>
            ) : null}
          </>
        );
      },
    },
    {
      title: t('colScore'),
      key: 'score',
      width: 110,
      sorter: (a, b) => a.score - b.score,
      sortDirections: ['descend', 'ascend'],
      render: (_, u) => <ScoreText value={u.score} max={u.maxScore} />,
    },
    ...groups.map((g): TableColumnsType<Index766Unit>[number] => ({
      title: t('colGroup', { name: localName(g, lang), max: g.max }),
      key: g.code,
      width: 115,
      sorter: (a, b) => (groupScore(a, g.code) ?? -1) - (groupScore(b, g.code) ?? -1),
      sortDirections: ['descend', 'ascend'],
      render: (_, u) => <ScoreText value={groupScore(u, g.code)} />,
    })),
  ];
  return (
    <Table<Index766Unit>
      aria-label={t('rankingTable')}
      rowKey="agencyId"
      size="small"
      loading={loading}
      columns={columns}
      dataSource={units}
      pagination={false}
      showSorterTooltip={false}
      scroll={{ x: 354 + groups.length * 115 }}
      rowClassName={(u) => (u.agencyId === selectedId ? 'cqdt-index766-row--selected' : '')}
      locale={{ emptyText: <EmptyState text={t('emptyUnits')} /> }}
    />
  );
}
