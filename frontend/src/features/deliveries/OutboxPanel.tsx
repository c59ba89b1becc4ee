import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDate } from "../../lib/format";
import { useOutbox, type DeliveryItem } from "../../offline/deliveries";
import type { OfflineQueue } from "../../offline/queue";
import type { DeliveryPayload } from "../../offline/deliveries";
import { LogVisitForm } from "./LogVisitForm";
import { OutboxActions } from "../../components/OutboxActions";

/** The phone's unsent logs: how many wait, and each refused one with the server's reasons to fix or discard. */
export function OutboxPanel({ queue }: { queue: OfflineQueue<DeliveryPayload> }) {
  const { t } = useTranslation();
  const outbox = useOutbox(queue);
  const [fixing, setFixing] = useState<string | null>(null);
  if (!outbox.items.length) {
    return (
      <p className="outbox-status muted" role="status" data-testid="outbox-status">
        {t("offline.allSent")}
      </p>
    );
  }
  return (
    <section className="outbox" aria-labelledby="outbox-title">
      <h2 id="outbox-title">{t("offline.title")}</h2>
      <p role="status" data-testid="outbox-status">
        {outbox.pending ? t("offline.pending", { pending: outbox.pending }) : null}{" "}
        {outbox.rejected ? t("offline.rejected", { rejected: outbox.rejected }) : null}{" "}
        {!navigatorOnline() ? t("offline.offlineNow") : outbox.syncing ? t("offline.syncing") : null}
      </p>
      {outbox.pending ? (
        <button type="button" onClick={() => void queue.flush()} disabled={outbox.syncing}>
          {t("offline.sendNow")}
        </button>
      ) : null}
      <ul className="cards">
        {outbox.items.map((item) => (
          <OutboxItem
            key={item.key}
            item={item}
            fixing={fixing === item.key}
            onFix={() => setFixing(item.key)}
            onDone={() => setFixing(null)}
            queue={queue}
          />
        ))}
      </ul>
    </section>
  );
}

function navigatorOnline(): boolean {
  return typeof navigator === "undefined" ? true : navigator.onLine;
}

function OutboxItem({
  item,
  fixing,
  onFix,
  onDone,
  queue,
}: {
  item: DeliveryItem;
  fixing: boolean;
  onFix: () => void;
  onDone: () => void;
  queue: OfflineQueue<DeliveryPayload>;
}) {
  const { t } = useTranslation();
  const rejected = item.state === "rejected";
  return (
    <li className={rejected ? "card outbox-item rejected" : "card outbox-item"} data-testid="outbox-item">
      <p className="card-title">
        {item.label || t("provider.visit")} · {formatDate(item.payload.date)}
      </p>
      <p>
        <span className={`status status-${rejected ? "disputed" : "waiting"}`}>
          {t(`offline.state.${item.state}`)}
        </span>{" "}
        {!rejected && item.attempts ? t("offline.attempts", { attempts: item.attempts }) : null}
      </p>
      {item.error ? (
        <p className={rejected ? "field-error" : "muted"} role={rejected ? "alert" : undefined}>
          {item.error}
        </p>
      ) : null}
      {rejected && !fixing ? (
        <ul className="plain">
          {Object.entries(item.fieldErrors)
            .filter(([, messages]) => messages.join(" ") !== item.error)
            .map(([field, messages]) => (
              <li key={field} className="field-error">
                {t(`provider.field.${field}`, { defaultValue: field })}: {messages.join(" ")}
              </li>
            ))}
        </ul>
      ) : null}
      {fixing ? (
        <LogVisitForm
          plannedService={item.payload.planned_service}
          initial={item.payload}
          fieldErrors={item.fieldErrors}
          submitLabel={t("offline.sendAgain")}
          onSubmit={(payload) => {
            onDone();
            void queue.update(item.key, payload);
          }}
          onCancel={onDone}
        />
      ) : (
        <OutboxActions
          rejected={rejected}
          onFix={onFix}
          onRetry={() => void queue.retry(item.key)}
          onDiscard={() => queue.discard(item.key)}
        />
      )}
    </li>
  );
}
