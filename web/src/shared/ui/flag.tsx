import './flag.css';

export type FlagKind = 'unconfirmed' | 'info' | 'ok' | 'late' | 'neutral';

/** A small coloured label: "chưa xác minh", "Có kết quả điện tử", "Trực tuyến toàn trình"... */
export function Flag({
  kind,
  title,
  children,
}: {
  kind: FlagKind;
  title?: string;
  children: string;
}) {
  return (
    <span className={`cqdt-flag cqdt-flag--${kind}`} title={title}>
      {children}
    </span>
  );
}
