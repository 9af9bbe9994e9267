import { App, Button, Drawer, Form, Input, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';

import type { FieldError } from '../../../shared/api/client';
import { applyFieldErrors } from '../../../shared/api/form-errors';
import { roleMessages, STAFF_ROLES } from '../../../shared/auth/role-messages';
import type { Role } from '../../../shared/auth/types';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import type { AgencyOption, Id, User, UserPatch } from '../api/types';
import { createUser, listUnits, updateUser } from '../api/users';
import { identityMessages } from '../i18n';
import { PHONE_PATTERN, USERNAME_PATTERN } from '../validation';

import { NewPasswordFields } from './new-password-fields';

interface UserFormValues {
  username: string;
  fullName: string;
  email: string;
  phone?: string;
  agencyId?: Id;
  unitId?: Id | null;
  position?: string;
  roles: Role[];
  password?: string;
}

const FORM_FIELDS = [
  'username',
  'fullName',
  'email',
  'phone',
  'agencyId',
  'unitId',
  'position',
  'roles',
  'password',
] as const;

function trimmed(value: string | undefined | null): string {
  return (value ?? '').trim();
}

/** Changed fields only: PATCH /users/{id} takes a partial object. */
function diffUser(user: User, values: UserFormValues): UserPatch {
  const patch: UserPatch = {};
  if (trimmed(values.fullName) !== user.fullName) patch.fullName = trimmed(values.fullName);
  if (trimmed(values.email) !== (user.email ?? '')) patch.email = trimmed(values.email);
  if (trimmed(values.phone) !== (user.phone ?? '')) patch.phone = trimmed(values.phone);
  if (trimmed(values.position) !== (user.position ?? '')) patch.position = trimmed(values.position);
  if ((values.unitId ?? null) !== (user.unitId ?? null)) patch.unitId = values.unitId ?? null;
  const roles = [...values.roles].sort();
  if (roles.join(',') !== [...user.roles].sort().join(',')) patch.roles = values.roles;
  return patch;
}

export function UserFormDrawer({
  open,
  user,
  agencies,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** The user to edit; null to create one. */
  user: User | null;
  agencies: AgencyOption[];
  onClose: () => void;
  onSaved: (user: User) => void;
}) {
  const t = useTranslate(identityMessages);
  const tc = useTranslate(commonMessages);
  const tr = useTranslate(roleMessages);
  const { message } = App.useApp();
  const [form] = Form.useForm<UserFormValues>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [extraErrors, setExtraErrors] = useState<FieldError[]>([]);
  const editing = user !== null;
  const agencyId = Form.useWatch('agencyId', form);

  const initialValues = useMemo<Partial<UserFormValues>>(
    () =>
      user
        ? {
            username: user.username,
            fullName: user.fullName,
            email: user.email,
            phone: user.phone,
            agencyId: user.agencyId,
            unitId: user.unitId,
            position: user.position,
            roles: user.roles,
          }
        : { roles: ['officer'] },
    [user],
  );

  const units = useAsync(
    (signal) =>
      agencyId === undefined ? Promise.resolve({ items: [] }) : listUnits(agencyId, signal),
    [agencyId],
    open && agencyId !== undefined && agencyId !== null,
  );

  const agencyOptions = useMemo(
    () =>
      agencies.map((agency) => ({
        value: agency.id,
        label: agency.name,
        code: agency.code,
        disabled: agency.active === false,
      })),
    [agencies],
  );

  const onFinish = async (values: UserFormValues) => {
    setSubmitting(true);
    setError(null);
    setExtraErrors([]);
    try {
      let saved: User;
      if (user) {
        const patch = diffUser(user, values);
        saved = Object.keys(patch).length > 0 ? await updateUser(user.id, patch) : user;
        void message.success(t('userSaved'));
      } else {
        const phone = trimmed(values.phone);
        const position = trimmed(values.position);
        saved = await createUser({
          username: trimmed(values.username),
          fullName: trimmed(values.fullName),
          email: trimmed(values.email),
          ...(phone ? { phone } : {}),
          agencyId: values.agencyId as Id,
          ...(values.unitId !== undefined && values.unitId !== null
            ? { unitId: values.unitId }
            : {}),
          ...(position ? { position } : {}),
          roles: values.roles,
          password: values.password ?? '',
        });
        void message.success(t('userCreated', { username: saved.username }));
      }
      onSaved(saved);
    } catch (reason) {
      setError(reason);
      setExtraErrors(applyFieldErrors(form, reason, FORM_FIELDS));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      afterOpenChange={(visible) => {
        if (!visible) {
          setError(null);
          setExtraErrors([]);
        }
      }}
      title={editing ? t('editUser') : t('addUser')}
      size="min(560px, 100vw)"
      destroyOnHidden
      footer={
        <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{tc('cancel')}</Button>
          <Button type="primary" loading={submitting} onClick={() => form.submit()}>
            {tc('save')}
          </Button>
        </Space>
      }
    >
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} extraErrors={extraErrors} />
        </div>
      ) : null}
      <Form<UserFormValues>
        noValidate
        key={user ? `edit-${user.id}` : 'create'}
        form={form}
        initialValues={initialValues}
        layout="vertical"
        onFinish={(values) => void onFinish(values)}
        aria-label={editing ? t('editUser') : t('addUser')}
        onValuesChange={(changed: Partial<UserFormValues>) => {
          if ('agencyId' in changed && !editing) {
            form.setFieldValue('unitId', undefined);
          }
        }}
      >
        <Form.Item
          name="username"
          label={t('username')}
          rules={[
            { required: true, whitespace: true, message: t('usernameRequired') },
            { pattern: USERNAME_PATTERN, message: t('usernameFormat') },
          ]}
        >
          <Input autoComplete="off" disabled={editing} maxLength={64} />
        </Form.Item>
        <Form.Item
          name="fullName"
          label={t('fullName')}
          rules={[{ required: true, whitespace: true, message: t('fullNameRequired') }]}
        >
          <Input autoComplete="off" maxLength={200} />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('email')}
          rules={[
            { required: true, message: t('emailRequired') },
            { type: 'email', message: t('emailFormat') },
          ]}
        >
          <Input type="email" autoComplete="off" maxLength={254} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('phone')}
          rules={[{ pattern: PHONE_PATTERN, message: t('phoneFormat') }]}
        >
          <Input type="tel" autoComplete="off" maxLength={15} />
        </Form.Item>
        <Form.Item
          name="agencyId"
          label={t('agency')}
          rules={[{ required: true, message: t('agencyRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: ['label', 'code'] }}
            options={agencyOptions}
            disabled={editing}
            optionRender={(option) => (
              <span>
                {option.label} <span className="cqdt-muted">({option.data.code})</span>
              </span>
            )}
          />
        </Form.Item>
        <Form.Item name="unitId" label={t('unit')}>
          <Select
            allowClear
            placeholder={t('unitPlaceholder')}
            loading={units.loading}
            disabled={agencyId === undefined || agencyId === null}
            options={(units.data?.items ?? []).map((unit) => ({
              value: unit.id,
              label: unit.name,
            }))}
          />
        </Form.Item>
        <Form.Item name="position" label={t('position')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t('roles')}
          rules={[{ required: true, type: 'array', min: 1, message: t('rolesRequired') }]}
        >
          <Select
            mode="multiple"
            options={STAFF_ROLES.map((role) => ({ value: role, label: tr(role) }))}
          />
        </Form.Item>
        {editing ? null : (
          <>
            <NewPasswordFields
              label={t('initialPassword')}
              confirm={false}
              usernameField="username"
            />
            <Typography.Paragraph className="cqdt-muted">
              {t('initialPasswordNote')}
            </Typography.Paragraph>
          </>
        )}
      </Form>
    </Drawer>
  );
}
