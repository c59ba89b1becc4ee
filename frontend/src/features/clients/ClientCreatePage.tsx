import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { api, unwrap } from "../../api/client";
import { ClientForm } from "./ClientForm";

export default function ClientCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (
    <section>
      <h1>{t("clients.new")}</h1>
      <ClientForm
        onSave={async (body) => {
          const client = await unwrap(api.POST("/api/v1/clients/", { body }));
          await queryClient.invalidateQueries({ queryKey: ["clients"] });
          navigate(`/clients/${client.id}`);
        }}
      />
    </section>
  );
}
