import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { useAuth } from "../../auth/AuthProvider";
import { ClientForm } from "./ClientForm";
import { useCreateClient } from "./queries";

export default function ClientCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateClient();
  const { me, role } = useAuth();
  return (
    <section>
      <h1>{t("clients.new")}</h1>
      <ClientForm
        defaultCoordinator={role === "coordinator" ? me?.id : undefined}
        onSave={async (body) => {
          const client = await create.mutateAsync(body);
          navigate(`/clients/${client.id}`, { state: { notice: t("clients.created", { reference: client.reference }) } });
        }}
      />
    </section>
  );
}
