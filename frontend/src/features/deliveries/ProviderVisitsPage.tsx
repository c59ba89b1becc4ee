import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import type { Schemas } from "../../api/client";
import { ErrorAlert } from "../../components/ErrorAlert";
import { SearchToolbar } from "../../components/SearchToolbar";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { formatDate } from "../../lib/format";
import { pageFrom } from "../../lib/paging";
import { flagsOf, onDeliverySynced, syncedAnswer, type DeliveryPayload } from "../../offline/deliveries";
import type { OfflineQueue } from "../../offline/queue";
import { LogVisitForm } from "./LogVisitForm";
import { OutboxPanel } from "./OutboxPanel";
import { PROVIDER_PAGE_SIZE, useDeliveryQueue, useVisits, type Visit } from "./queries";
import "./provider.css";
import { unitAmount } from "../../lib/units";

/** Provider staff's home: the planned services assigned to their organisation, each loggable in place. */
export default function ProviderVisitsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = pageFrom(params);
  const search = params.get("q") ?? "";
  const visits = useVisits(page, search);
  const queue = useDeliveryQueue();
  // Load the other provider screens now, while online, so they open on a phone that loses the network.
  useEffect(() => {
    void import("./ProviderLogsPage");
    void import("./ProviderStatementsPage");
  }, []);

  return (
    <section className="provider-page">
      <h1>{t("provider.visits.title")}</h1>
      <OutboxPanel queue={queue} />
      <SearchToolbar
        initial={search}
        label={t("provider.visits.search")}
        onSearch={(text) => setParams(text ? { q: text } : {})}
      />
      <ErrorAlert error={visits.error} />
      {visits.isLoading ? <Loading /> : null}
      {visits.data ? (
        <>
          {visits.data.results.length === 0 ? <p>{t("provider.visits.none")}</p> : null}
          <ul className="cards visits">
            {visits.data.results.map((visit) => (
              <VisitCard key={visit.id} visit={visit} queue={queue} />
            ))}
          </ul>
          <Pagination
            page={page}
            count={visits.data.count}
            pageSize={PROVIDER_PAGE_SIZE}
            onPage={(p) => setParams({ ...(search ? { q: search } : {}), page: String(p) })}
          />
        </>
      ) : null}
      <p>
        <Link to="/provider/logs">{t("provider.logs.title")}</Link> · <Link to="/provider/statements">{t("provider.statements.title")}</Link>
      </p>
    </section>
  );
}

type Outcome =
  | { kind: "sent"; flags: Schemas["DeliveryFlag"][] }
  | { kind: "queued" }
  | { kind: "rejected"; key: string }
  | null;

function VisitCard({ visit, queue }: { visit: Visit; queue: OfflineQueue<DeliveryPayload> }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Outcome>(null);
  const [formKey, setFormKey] = useState(0);
  const client = visit.client;
  const name = `${client.first_name} ${client.last_name}`;
  const rejected = result?.kind === "rejected" ? queue.get(result.key) : undefined;
  const headingId = `visit-${visit.id}`;
  // A log of this card kept on the phone: when it reaches the server later, say so here (with its flags).
  const waiting = useRef<string | null>(null);
  useEffect(
    () =>
      onDeliverySynced((item, body) => {
        if (item.key !== waiting.current) return;
        waiting.current = null;
        setResult({ kind: "sent", flags: flagsOf(body) });
      }),
    [],
  );

  const save = async (payload: DeliveryPayload) => {
    setBusy(true);
    try {
      const label = `${name} — ${visit.service_type_name}`;
      const fixing = result?.kind === "rejected" && rejected ? result.key : null;
      const item = fixing ? await queue.update(fixing, payload, label) : await queue.enqueue("delivery", payload, label);
      const key = item?.key ?? fixing;
      const after = key ? queue.get(key) : undefined;
      if (!after) {
        // Sent: the server may have accepted it flagged for the coordinator (its answer says why).
        setResult({ kind: "sent", flags: key ? flagsOf(syncedAnswer(key)) : [] });
        setOpen(false);
        setFormKey((k) => k + 1);
      } else if (after.state === "rejected") {
        setResult({ kind: "rejected", key: after.key });
      } else {
        waiting.current = after.key;
        setResult({ kind: "queued" });
        setOpen(false);
        setFormKey((k) => k + 1);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="card visit" aria-labelledby={headingId}>
      <h2 className="card-title" id={headingId}>
        {name}
      </h2>
      <p className="visit-service">
        {visit.service_type_name} ·{" "}
        {t(`provider.per.${visit.per}`, { amount: unitAmount(t, visit.units, visit.unit) })}
      </p>
      <p>
        {[client.street, client.postcode, client.municipality].filter(Boolean).join(", ")}
        {client.phone ? (
          <>
            {" · "}
            <a href={`tel:${client.phone}`}>{client.phone}</a>
          </>
        ) : null}
      </p>
      {client.access_notes ? (
        <p className="muted">
          {t("provider.visits.accessNotes")}: {client.access_notes}
        </p>
      ) : null}
      <p className="muted">
        {t("provider.visits.period", { from: formatDate(visit.start_date), to: visit.end_date ? formatDate(visit.end_date) : "…" })}
        {visit.contract_number ? ` · ${t("provider.visits.contract", { number: visit.contract_number })}` : null}
      </p>
      {result?.kind === "sent" && !result.flags.length ? (
        <p className="alert alert-ok" role="status">
          {t("provider.log.sent")}
        </p>
      ) : null}
      {result?.kind === "sent" && result.flags.length ? (
        <div className="alert alert-warn" role="status" data-testid="log-flagged">
          <p>
            {t("provider.log.sent")} {t("provider.log.flagged")}
          </p>
          <ul>
            {result.flags.map((flag, i) => (
              <li key={i}>{flag.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {result?.kind === "queued" ? (
        <p className="alert alert-warn" role="status">
          {t("provider.log.queued")}
        </p>
      ) : null}
      {open ? (
        <>
          <LogVisitForm
            key={formKey}
            plannedService={visit.id}
            fieldErrors={rejected?.fieldErrors}
            error={rejected?.error}
            busy={busy}
            onSubmit={(payload) => void save(payload)}
            onCancel={() => setOpen(false)}
          />
          {rejected?.code === "duplicate_visit" ? (
            <div className="actions">
              <p className="hint">{t("provider.log.duplicateHint")}</p>
              <button
                type="button"
                className="danger"
                onClick={() => {
                  queue.discard(rejected.key);
                  setResult(null);
                  setOpen(false);
                  setFormKey((k) => k + 1);
                }}
              >
                {t("provider.log.discardDuplicate")}
              </button>
            </div>
          ) : null}
        </>
      ) : (
        <button
          type="button"
          className="primary big"
          onClick={() => {
            setOpen(true);
            setResult(null);
          }}
          aria-describedby={headingId}
        >
          {t("provider.visits.log")}
        </button>
      )}
    </li>
  );
}
