/** A light loading indicator (no antd) for the first paint and lazy route chunks. */
export function PageLoader({ label }: { label: string }) {
  return (
    <div className="cqdt-page-loader" role="status" aria-live="polite">
      <span className="cqdt-page-loader__spinner" aria-hidden="true" />
      <span className="cqdt-visually-hidden">{label}</span>
    </div>
  );
}
