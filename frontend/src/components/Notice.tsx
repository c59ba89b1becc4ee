/** The feedback after an action ("The location is added."): announced to screen readers; nothing when empty. */
export function Notice({ text }: { text: string }) {
  return text ? (
    <div className="alert alert-ok" role="status">
      <p>{text}</p>
    </div>
  ) : null;
}
