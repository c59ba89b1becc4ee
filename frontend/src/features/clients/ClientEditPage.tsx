import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router-dom";
import { staleRecordOf, type StaleRecord } from "../../api/versions";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { StaleNotice } from "../../components/StaleNotice";
import { ClientForm } from "./ClientForm";
import { useClient, useUpdateClient } from "./queries";

export default function ClientEditPage() {
  const { t } = useTranslation();
  const { clientId = "" } = useParams();
  const navigate = useNavigate();
  const client = useClient(clientId);
  const update = useUpdateClient(clientId);
  // The revision the form's changes are made from: the one read, or, once someone else's save was shown, theirs.
  // Pinned when the form opens (a background refetch must not move it), then the one of someone else's save shown.
  const [opened, setOpened] = useState<number | undefined>(undefined);
  if (opened === undefined && client.data) setOpened(client.data.revision);
  const [stale, setStale] = useState<StaleRecord | null>(null);
  const revision = stale?.revision ?? opened;
  return (
    <section>
      <h1>{client.data ? t("clients.editTitle", { name: `${client.data.first_name} ${client.data.last_name}` }) : t("clients.edit")}</h1>
      <ErrorAlert error={client.error} />
      {client.isLoading ? <Loading /> : null}
      <StaleNotice stale={stale} />
      {client.data ? (
        <ClientForm
          client={client.data}
          current={stale?.current}
          onSave={async (body) => {
            try {
              await update.mutateAsync({ body, revision });
            } catch (error) {
              setStale(staleRecordOf(error) ?? stale);
              throw error;
            }
            navigate(`/clients/${clientId}`);
          }}
        />
      ) : null}
    </section>
  );
}
