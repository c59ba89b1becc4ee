import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router-dom";
import { api, unwrap } from "../../api/client";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { ClientForm } from "./ClientForm";
import { useClient } from "./hooks";

export default function ClientEditPage() {
  const { t } = useTranslation();
  const { clientId = "" } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const client = useClient(clientId);
  return (
    <section>
      <h1>{client.data ? t("clients.editTitle", { name: `${client.data.first_name} ${client.data.last_name}` }) : t("clients.edit")}</h1>
      <ErrorAlert error={client.error} />
      {client.isLoading ? <Loading /> : null}
      {client.data ? (
        <ClientForm
          client={client.data}
          onSave={async (body) => {
            await unwrap(api.PATCH("/api/v1/clients/{id}/", { params: { path: { id: clientId } }, body }));
            await queryClient.invalidateQueries({ queryKey: ["clients"] });
            navigate(`/clients/${clientId}`);
          }}
        />
      ) : null}
    </section>
  );
}
