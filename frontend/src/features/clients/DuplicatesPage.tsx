// Managers and administrators: the centre's likely duplicate records, compared side by side, and merging two
// records of one person (the survivor is kept; the other's rows move to it; both histories keep who and why).
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { Pagination } from "../../components/Pagination";
import { formatDate } from "../../lib/format";
import { PAGE_SIZE } from "../../lib/paging";
import { useListParams } from "../../lib/useListParams";
import { comparisonRows, mergeRequest, pairKey, suggestedSurvivor, type ComparisonRow, type DuplicatePair, type Side } from "./duplicates";
import { useDuplicates, useMergeClients } from "./queries";
import { Form } from "../../components/Form";

interface Merged {
  id: string;
  reference: string;
  absorbed: string;
}

export default function DuplicatesPage() {
  const { t } = useTranslation();
  const { page, set } = useListParams({});
  const list = useDuplicates(page, PAGE_SIZE);
  const [merged, setMerged] = useState<Merged | null>(null);

  return (
    <section>
      <div className="page-head">
        <h1>{t("clients.duplicates.title")}</h1>
      </div>
      <p>{t("clients.duplicates.intro")}</p>
      {merged ? (
        <div className="alert alert-ok" role="status">
          <p>
            {t("clients.duplicates.merged", { absorbed: merged.absorbed, reference: merged.reference })}{" "}
            <Link to={`/clients/${merged.id}`}>{t("clients.duplicates.openSurvivor")}</Link>
          </p>
        </div>
      ) : null}
      <ErrorAlert error={list.error} />
      {list.isLoading ? <Loading /> : null}
      {list.data ? (
        <>
          {list.data.results.length === 0 ? <p>{t("clients.duplicates.none")}</p> : null}
          {list.data.results.map((pair) => (
            <PairCard key={pairKey(pair)} pair={pair} onMerged={setMerged} />
          ))}
          <Pagination page={page} count={list.data.count} pageSize={PAGE_SIZE} onPage={(p) => set({ page: p })} />
        </>
      ) : null}
    </section>
  );
}

function display(row: ComparisonRow, side: Side, t: (key: string) => string): string {
  const value = row[side];
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? t("common.yes") : t("common.no");
  if (row.field === "birth_date" || row.field === "created_at") return formatDate(String(value));
  if (row.field === "sex") return t(`enum.sex.${String(value)}`);
  if (row.field === "status") return t(`enum.clientStatus.${String(value)}`);
  return String(value);
}

function PairCard({ pair, onMerged }: { pair: DuplicatePair; onMerged: (merged: Merged) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const merge = useMergeClients();
  const [open, setOpen] = useState(false);
  const [survivor, setSurvivor] = useState<Side | "">(suggestedSurvivor(pair));
  const [reason, setReason] = useState("");
  const [formError, setFormError] = useState("");
  const rows = comparisonRows(pair);
  const name = (side: Side) => `${pair[side].first_name} ${pair[side].last_name}`;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const request = mergeRequest(pair, survivor, reason);
    if ("error" in request) {
      setFormError(t(request.error));
      return;
    }
    setFormError("");
    const kept = await merge.mutateAsync(request).catch(() => null);
    if (kept && survivor) {
      const other: Side = survivor === "left" ? "right" : "left";
      onMerged({ id: kept.id, reference: kept.reference, absorbed: pair[other].reference });
    }
  };

  return (
    <article className="card duplicate-pair" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {name("left")} / {name("right")}{" "}
        <span className="badge">{t("clients.duplicates.score", { score: Math.round(pair.score * 100) })}</span>
      </h2>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t("clients.duplicates.compare")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("clients.duplicates.field")}</th>
              {(["left", "right"] as const).map((side) => (
                <th scope="col" key={side}>
                  <Link to={`/clients/${pair[side].id}`}>{pair[side].reference}</Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.field} className={row.differs ? "differs" : undefined}>
                <th scope="row">
                  {t(row.label)}
                  {row.differs ? <span className="visually-hidden"> ({t("clients.duplicates.differs")})</span> : null}
                </th>
                <td>{display(row, "left", t)}</td>
                <td>{display(row, "right", t)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!open ? (
        <button type="button" onClick={() => setOpen(true)}>
          {t("clients.duplicates.merge")}
        </button>
      ) : (
        <Form onSubmit={submit} noValidate>
          <fieldset>
            <legend>{t("clients.duplicates.keep")}</legend>
            {(["left", "right"] as const).map((side) => (
              <label className="inline-control" key={side}>
                <input type="radio" name={`${id}-survivor`} value={side} checked={survivor === side} onChange={() => setSurvivor(side)} />
                <span>
                  {pair[side].reference} — {name(side)}
                </span>
              </label>
            ))}
          </fieldset>
          <p className="hint">{t("clients.duplicates.whatHappens")}</p>
          <div className="field">
            <label htmlFor={`${id}-reason`}>{t("clients.duplicates.reason")}</label>
            <textarea id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} required aria-required />
          </div>
          <ErrorAlert messages={formError ? [formError] : undefined} error={merge.error} />
          <div className="actions">
            <button type="submit" className="primary danger" disabled={merge.isPending}>
              {t("clients.duplicates.confirmMerge")}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              {t("common.cancel")}
            </button>
          </div>
        </Form>
      )}
    </article>
  );
}
