import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { ClientForm } from "./ClientForm";
import { useCreateClient } from "./queries";

export default function ClientCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateClient();
  return (
    <section>
      <h1>{t("clients.new")}</h1>
      <ClientForm
        onSave={async (body) => {
          const client = await create.mutateAsync(body);
          navigate(`/clients/${client.id}`);
        }}
      />
    </section>
  );
}
