// The portal's procedure search box (home and catalogue pages): one labelled field and a button;
// `onSearch` gets the trimmed words (empty to clear).
import { Button, Input, Space } from 'antd';

export function ProcedureSearch({
  id,
  label,
  placeholder,
  button,
  initial = '',
  onSearch,
}: {
  id: string;
  label: string;
  placeholder: string;
  button: string;
  initial?: string;
  onSearch: (q: string) => void;
}) {
  return (
    <form
      role="search"
      noValidate
      className="cqdt-portal-search"
      onSubmit={(e) => {
        e.preventDefault();
        const typed = new FormData(e.currentTarget).get('q');
        onSearch(typeof typed === 'string' ? typed.trim() : '');
      }}
    >
      <label htmlFor={id} className="cqdt-portal-search__label">
        {label}
      </label>
      <Space.Compact style={{ width: '100%', maxWidth: 560 }}>
        <Input
          id={id}
          name="q"
          size="large"
          key={initial}
          defaultValue={initial}
          maxLength={200}
          placeholder={placeholder}
          allowClear
        />
        <Button type="primary" size="large" htmlType="submit">
          {button}
        </Button>
      </Space.Compact>
    </form>
  );
}
