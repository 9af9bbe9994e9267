import {
  ApartmentOutlined,
  AuditOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Card, Col, Descriptions, Row, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import { workMessages } from '../../features/documents/work/i18n';
import { useWorkQueueCards, WorkQueueCols } from '../../features/documents/work/work-queues';
import { DossierQueueCard, type HomeDossierQueue } from '../../features/onestop/home-cards';

import { roleMessages } from '../../shared/auth/role-messages';
import type { Role } from '../../shared/auth/types';
import { useAuth } from '../../shared/auth/use-auth';
import { commonMessages } from '../../shared/i18n/common-messages';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useDocumentTitle } from '../../shared/lib/use-document-title';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorAlert } from '../../shared/ui/error-alert';
import { appMessages } from '../app-messages';
import { homeMessages } from '../home-messages';

type HomeKey = keyof (typeof homeMessages)['vi'] & string;

interface Queue {
  id: string;
  /** The one-stop queue it lists (GET /dossiers, scoped to the person's agency). */
  queue: HomeDossierQueue;
  title: HomeKey;
  empty: HomeKey;
}

// The one-stop work each role comes to do, in the order the home page lists it, after the
// document queues ("Việc của tôi", features/documents/work, drawn first).
const QUEUES: Partial<Record<Role, Queue[]>> = {
  officer: [
    {
      id: 'officer-dossiers',
      queue: 'mine',
      title: 'officerDossiersTitle',
      empty: 'officerDossiersEmpty',
    },
  ],
  counter_officer: [
    {
      id: 'counter-receive',
      queue: 'online',
      title: 'counterReceiveTitle',
      empty: 'counterReceiveEmpty',
    },
    {
      id: 'counter-return',
      queue: 'return',
      title: 'counterReturnTitle',
      empty: 'counterReturnEmpty',
    },
  ],
};

const ROLE_ORDER: readonly Role[] = ['leader', 'clerk', 'officer', 'counter_officer'];

function Shortcut({ to, icon, label }: { to: string; icon: ReactNode; label: string }) {
  return (
    <Col xs={24} sm={12} lg={6}>
      <Link to={to} className="cqdt-shortcut">
        <Card hoverable>
          <span style={{ fontSize: 20, marginInlineEnd: 12 }}>{icon}</span>
          {label}
        </Card>
      </Link>
    </Col>
  );
}

/**
 * The staff home: who is signed in, then the work queues of each of their roles (documents and
 * one-stop dossiers; empty, a sentence saying what will appear there), and the administration
 * shortcuts for admins.
 */
export default function HomePage() {
  const { user, hasRole } = useAuth();
  const t = useTranslate(appMessages);
  const th = useTranslate(homeMessages);
  const tc = useTranslate(commonMessages);
  const tr = useTranslate(roleMessages);
  useDocumentTitle(t('homeTitle'), tc('appName'));
  const tw = useTranslate(workMessages);
  const work = useWorkQueueCards();
  if (!user) {
    return null;
  }
  const queues = ROLE_ORDER.filter((role) => user.roles.includes(role)).flatMap(
    (role) => QUEUES[role] ?? [],
  );
  const isAdmin = hasRole('admin');
  const hasWork = queues.length > 0 || work.cards.length > 0;
  return (
    <>
      <div className="cqdt-page-heading">
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('homeWelcome', { name: user.fullName })}
        </Typography.Title>
      </div>
      <Card size="small">
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          {user.agencyName ? (
            <Descriptions.Item label={t('homeAgencyLabel')}>{user.agencyName}</Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('homeRoles')}>
            {user.roles.map((role) => (
              <Tag key={role}>{tr(role)}</Tag>
            ))}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {hasWork ? (
        <section aria-labelledby="home-work" style={{ marginTop: 24 }}>
          <Typography.Title level={2} id="home-work" style={{ fontSize: 18 }}>
            {th('workTitle')}
          </Typography.Title>
          {work.counts.error ? (
            <ErrorAlert error={work.counts.error} title={tw('loadFailed')} />
          ) : null}
          <Row gutter={[16, 16]}>
            <WorkQueueCols {...work} />
            {queues.map((queue) => (
              <Col key={queue.id} xs={24} lg={12}>
                <DossierQueueCard
                  id={queue.id}
                  queue={queue.queue}
                  title={th(queue.title)}
                  empty={th(queue.empty)}
                />
              </Col>
            ))}
          </Row>
        </section>
      ) : null}
      {isAdmin ? (
        <section aria-labelledby="home-admin" style={{ marginTop: 24 }}>
          <Typography.Title level={2} id="home-admin" style={{ fontSize: 18 }}>
            {th('adminTitle')}
          </Typography.Title>
          <Row gutter={[16, 16]}>
            <Shortcut
              to="/admin/agencies"
              icon={<ApartmentOutlined aria-hidden />}
              label={th('adminAgencies')}
            />
            <Shortcut
              to="/admin/users"
              icon={<TeamOutlined aria-hidden />}
              label={th('adminUsers')}
            />
            <Shortcut
              to="/admin/audit"
              icon={<AuditOutlined aria-hidden />}
              label={th('adminAudit')}
            />
            <Shortcut
              to="/admin/trust"
              icon={<SafetyCertificateOutlined aria-hidden />}
              label={th('adminTrust')}
            />
          </Row>
        </section>
      ) : null}
      {!hasWork && !isAdmin ? (
        <Card style={{ marginTop: 24 }}>
          <EmptyState text={th('noQueues')} />
        </Card>
      ) : null}
    </>
  );
}
