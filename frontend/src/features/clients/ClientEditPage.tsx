import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router-dom";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { ClientForm } from "./ClientForm";
import { useClient, useUpdateClient } from "./queries";

export default function ClientEditPage() {
  const { t } = useTranslation();
  const { clientId = "" } = useParams();
  const navigate = useNavigate();
  const client = useClient(clientId);
  const update = useUpdateClient(clientId);
  return (
    <section>
      <h1>{client.data ? t("clients.editTitle", { name: `${client.data.first_name} ${client.data.last_name}` }) : t("clients.edit")}</h1>
      <ErrorAlert error={client.error} />
      {client.isLoading ? <Loading /> : null}
      {client.data ? (
        <ClientForm
          client={client.data}
          onSave={async (body) => {
            await update.mutateAsync(body);
            navigate(`/clients/${clientId}`);
          }}
        />
      ) : null}
    </section>
  );
}
