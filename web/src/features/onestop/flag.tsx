import './onestop.css';

/** A small coloured label: "chưa xác minh", "Có kết quả điện tử"... */
export function Flag({
  kind,
  title,
  children,
}: {
  kind: 'unconfirmed' | 'info' | 'ok';
  title?: string;
  children: string;
}) {
  return (
    <span className={`cqdt-flag cqdt-flag--${kind}`} title={title}>
      {children}
    </span>
  );
}
