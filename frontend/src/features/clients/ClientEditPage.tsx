import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router-dom";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { StaleNotice } from "../../components/StaleNotice";
import { useStaleEdit } from "../../lib/useStaleEdit";
import { ClientForm } from "./ClientForm";
import { useClient, useUpdateClient } from "./queries";

export default function ClientEditPage() {
  const { t } = useTranslation();
  const { clientId = "" } = useParams();
  const navigate = useNavigate();
  const client = useClient(clientId);
  const update = useUpdateClient(clientId);
  // The revision the form's changes are made from: the one read, or, once someone else's save was shown, theirs.
  const edit = useStaleEdit(client.data?.revision); // the form takes the other person's values (ClientForm)
  return (
    <section>
      <h1>{client.data ? t("clients.editTitle", { name: `${client.data.first_name} ${client.data.last_name}` }) : t("clients.edit")}</h1>
      <ErrorAlert error={client.error} />
      {client.isLoading ? <Loading /> : null}
      <StaleNotice stale={edit.stale} />
      {client.data ? (
        <ClientForm
          client={client.data}
          current={edit.stale?.current}
          onSave={async (body) => {
            try {
              await update.mutateAsync({ body, revision: edit.revision });
            } catch (error) {
              edit.failed(error);
              throw error;
            }
            navigate(`/clients/${clientId}`, { state: { notice: t("clients.saved") } });
          }}
        />
      ) : null}
    </section>
  );
}
