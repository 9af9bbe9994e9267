import { EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Col, Input, Row, Space, Table, Tag, Tree, Typography } from 'antd';
import type { GetRef, TableColumnsType, TreeDataNode } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { EmptyState } from '../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { listAgencies } from '../api/agencies';
import type { Agency, Id } from '../api/types';
import { AgencyFormDrawer } from '../components/agency-form-drawer';
import { AgencyImportModal } from '../components/agency-import-modal';
import { kindMessages, orgMessages } from '../i18n';
import { LEVEL_MESSAGE_KEYS } from '../kinds';
import { type AgencyNode, buildAgencyTree, subtreeIds } from '../tree';

function toTreeData(nodes: AgencyNode[]): TreeDataNode[] {
  return nodes.map((node) => ({
    key: String(node.agency.id),
    title: (
      <span>
        {node.agency.name}{' '}
        <span className="cqdt-muted" style={{ fontSize: 12 }}>
          {node.agency.code}
        </span>
      </span>
    ),
    children: toTreeData(node.children),
  }));
}

export default function AgenciesPage() {
  const t = useTranslate(orgMessages);
  const tk = useTranslate(kindMessages);
  const tc = useTranslate(commonMessages);
  useDocumentTitle(t('agenciesTitle'), tc('appName'));

  // ?agency=<id>: the lineage links ("Sáp nhập vào", "Tách từ") point here.
  const [searchParams] = useSearchParams();
  const linkedId = searchParams.get('agency');
  const [searchText, setSearchText] = useState('');
  const [query, setQuery] = useState('');
  const [includeInactive, setIncludeInactive] = useState(linkedId !== null);
  const [selectedId, setSelectedId] = useState<string | null>(linkedId);
  const [editing, setEditing] = useState<Agency | null>(null);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const treeRef = useRef<GetRef<typeof Tree>>(null);
  // An agency just saved: scroll the (virtual) tree to it once the list has reloaded.
  const scrollToKey = useRef<string | null>(null);

  const agencies = useAsync(
    (signal) => listAgencies({ q: query, includeInactive }, signal),
    [query, includeInactive],
  );
  const items = useMemo(() => agencies.data?.items ?? [], [agencies.data]);
  // Every agency, in force or not, to name lineage targets (often agencies that ended in 2025).
  const everyAgency = useAsync((signal) => listAgencies({ includeInactive: true }, signal), []);
  const allItems = useMemo(() => everyAgency.data?.items ?? [], [everyAgency.data]);
  const allById = useMemo(
    () => new Map(allItems.map((agency) => [String(agency.id), agency])),
    [allItems],
  );
  const byId = useMemo(() => new Map(items.map((agency) => [String(agency.id), agency])), [items]);
  const tree = useMemo(() => buildAgencyTree(items), [items]);
  const treeData = useMemo(() => toTreeData(tree), [tree]);
  // Until the person opens or closes a branch, the top level is open (the province shows its
  // departments and communes).
  const [expandedByUser, setExpandedByUser] = useState<string[] | null>(null);
  const expandedKeys = useMemo(
    () => expandedByUser ?? tree.map((node) => String(node.agency.id)),
    [expandedByUser, tree],
  );
  const ancestorKeys = (agency: Agency, lookup: Map<string, Agency> = byId): string[] => {
    const keys: string[] = [];
    let parentId = agency.parentId;
    while (parentId !== null && parentId !== undefined && !keys.includes(String(parentId))) {
      keys.push(String(parentId));
      parentId = lookup.get(String(parentId))?.parentId ?? null;
    }
    return keys;
  };

  useEffect(() => {
    const key = scrollToKey.current;
    if (key && byId.has(key)) {
      scrollToKey.current = null;
      treeRef.current?.scrollTo({ key, align: 'auto' });
    }
  }, [byId, treeData]);

  // Following a lineage link: select the agency, showing agencies no longer in force if it is
  // one, and without a search that could hide it. (Arriving with ?agency= does the same.)
  const follow = (id: Id) => {
    const target = allById.get(String(id));
    setSelectedId(String(id));
    if (target) {
      if (!target.active) setIncludeInactive(true);
      // Open the branches above it and scroll the tree to it once the list has reloaded.
      setExpandedByUser([...new Set([...expandedKeys, ...ancestorKeys(target, allById)])]);
      scrollToKey.current = String(id);
    }
    setSearchText('');
    setQuery('');
  };

  const lineageLink = (id: Id | null | undefined) => {
    if (id === null || id === undefined) return null;
    const target = allById.get(String(id));
    const name = target?.name ?? `#${String(id)}`;
    return (
      <Link
        to={{ search: `?agency=${encodeURIComponent(String(id))}` }}
        title={target?.code}
        onClick={() => follow(id)}
      >
        {name}
      </Link>
    );
  };

  const rows = useMemo(() => {
    if (!selectedId || !byId.has(selectedId)) {
      return items;
    }
    const ids = subtreeIds(items, selectedId);
    return items.filter((agency) => ids.has(String(agency.id)));
  }, [items, byId, selectedId]);

  const openEditor = (agency: Agency | null) => {
    setEditing(agency);
    setDrawerOpen(true);
  };

  const columns: TableColumnsType<Agency> = [
    { title: t('code'), dataIndex: 'code', key: 'code', width: 140 },
    {
      title: t('name'),
      dataIndex: 'name',
      key: 'name',
      minWidth: 180,
      render: (name: string, agency) => (
        <>
          <div>{name}</div>
          {agency.shortName && agency.shortName !== name ? (
            <div className="cqdt-muted" style={{ fontSize: 12 }}>
              {agency.shortName}
            </div>
          ) : null}
        </>
      ),
    },
    {
      title: t('kind'),
      dataIndex: 'kind',
      key: 'kind',
      width: 160,
      render: (kind: Agency['kind'], agency) => (
        <>
          <div>{tk(kind)}</div>
          {agency.level in LEVEL_MESSAGE_KEYS ? (
            <div className="cqdt-muted" style={{ fontSize: 12 }}>
              {t(LEVEL_MESSAGE_KEYS[agency.level])}
            </div>
          ) : null}
        </>
      ),
    },
    {
      title: t('parent'),
      dataIndex: 'parentId',
      key: 'parent',
      width: 200,
      responsive: ['xxl'],
      render: (parentId: Id | null) =>
        parentId !== null && parentId !== undefined ? (byId.get(String(parentId))?.name ?? '') : '',
    },
    {
      title: t('lineage'),
      key: 'lineage',
      width: 200,
      responsive: ['xl'],
      render: (_value, agency) =>
        agency.mergedIntoId || agency.splitFromId ? (
          <>
            {agency.mergedIntoId ? (
              <div>
                {t('mergedInto')}: {lineageLink(agency.mergedIntoId)}
              </div>
            ) : null}
            {agency.splitFromId ? (
              <div>
                {t('splitFrom')}: {lineageLink(agency.splitFromId)}
              </div>
            ) : null}
          </>
        ) : null,
    },
    {
      title: t('validity'),
      key: 'validity',
      width: 130,
      responsive: ['xxl'],
      render: (_value, agency) => (
        <>
          <div>{agency.validFrom}</div>
          {agency.validTo ? <div>→ {agency.validTo}</div> : null}
        </>
      ),
    },
    {
      title: t('status'),
      dataIndex: 'active',
      key: 'active',
      width: 130,
      render: (active: boolean) =>
        active ? <Tag color="success">{t('active')}</Tag> : <Tag>{t('inactive')}</Tag>,
    },
    {
      title: tc('actions'),
      key: 'actions',
      width: 90,
      render: (_value, agency) => (
        <Button
          type="link"
          icon={<EditOutlined aria-hidden />}
          onClick={() => openEditor(agency)}
          aria-label={`${tc('edit')}: ${agency.name}`}
        >
          {tc('edit')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <div className="cqdt-page-heading">
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('agenciesTitle')}
        </Typography.Title>
        <Space wrap>
          <Button icon={<UploadOutlined aria-hidden />} onClick={() => setImportOpen(true)}>
            {t('importAgencies')}
          </Button>
          <Button
            type="primary"
            icon={<PlusOutlined aria-hidden />}
            onClick={() => openEditor(null)}
          >
            {t('addAgency')}
          </Button>
        </Space>
      </div>
      <div role="search" className="cqdt-filter-bar">
        <Input.Search
          allowClear
          aria-label={t('searchPlaceholder')}
          placeholder={t('searchPlaceholder')}
          value={searchText}
          onChange={(event) => setSearchText(event.target.value)}
          onSearch={(value) => setQuery(value.trim())}
          style={{ maxWidth: 360 }}
        />
        <Checkbox
          checked={includeInactive}
          onChange={(event) => setIncludeInactive(event.target.checked)}
        >
          {t('includeInactive')}
        </Checkbox>
      </div>
      {agencies.error ? <ErrorAlert error={agencies.error} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card
            title={<h2 className="cqdt-card-title">{t('treeTitle')}</h2>}
            size="small"
            extra={
              selectedId ? (
                <Button size="small" type="link" onClick={() => setSelectedId(null)}>
                  {t('showAll')}
                </Button>
              ) : null
            }
          >
            {agencies.loading && items.length === 0 ? (
              <Typography.Text className="cqdt-muted">{tc('loading')}</Typography.Text>
            ) : (
              <Tree
                ref={treeRef}
                aria-label={t('treeLabel')}
                treeData={treeData}
                expandedKeys={expandedKeys}
                onExpand={(keys) => setExpandedByUser(keys.map(String))}
                selectedKeys={selectedId ? [selectedId] : []}
                onSelect={(keys) => setSelectedId(keys.length > 0 ? String(keys[0]) : null)}
                height={560}
                blockNode
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card title={<h2 className="cqdt-card-title">{t('tableTitle')}</h2>} size="small">
            <Table<Agency>
              rowKey="id"
              size="middle"
              loading={agencies.loading}
              columns={columns}
              dataSource={rows}
              scroll={{ x: 640 }}
              pagination={{
                pageSize: 20,
                showSizeChanger: true,
                showTotal: (total) => t('agenciesCount', { count: total }),
              }}
              aria-label={t('tableTitle')}
              locale={{ emptyText: <EmptyState text={t('tableEmpty')} /> }}
            />
          </Card>
        </Col>
      </Row>
      <AgencyFormDrawer
        open={drawerOpen}
        agency={editing}
        agencies={items}
        allAgencies={allItems}
        defaultParentId={selectedId ? (byId.get(selectedId)?.id ?? null) : null}
        onClose={() => setDrawerOpen(false)}
        onSaved={(saved) => {
          setDrawerOpen(false);
          setSelectedId(String(saved.id));
          setExpandedByUser([...new Set([...expandedKeys, ...ancestorKeys(saved)])]);
          scrollToKey.current = String(saved.id);
          agencies.reload();
          everyAgency.reload();
        }}
      />
      <AgencyImportModal
        open={importOpen}
        onClose={() => setImportOpen(false)}
        onImported={() => {
          agencies.reload();
          everyAgency.reload();
        }}
      />
    </>
  );
}
