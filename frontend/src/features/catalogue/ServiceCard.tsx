import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { PublicService } from "./queries";
import { costText } from "./cost";

/**
 * One service as the public catalogue shows it: the public page's list and the staff's preview of a provider's
 * public card render the same markup. `heading` is the card title's level; `children` go under the facts.
 */
export function ServiceCard({ service: s, heading = "h2", children }: { service: PublicService; heading?: "h2" | "h3"; children?: ReactNode }) {
  const { t } = useTranslation();
  const Title = heading;
  return (
    <li className="card" data-testid="public-service">
      <Title className="card-title">{s.name}</Title>
      <p>
        {s.service_type?.name && s.service_type.name !== s.name ? (
          <>
            <strong>{s.service_type.name}</strong> ·{" "}
          </>
        ) : null}
        {s.provider?.name}
      </p>
      {s.description ? <p>{s.description}</p> : null}
      <dl className="facts">
        {s.schedule ? (
          <>
            <dt>{t("public.schedule")}</dt>
            <dd>{s.schedule}</dd>
          </>
        ) : null}
        <dt>{t("public.cost")}</dt>
        <dd>{costText(t, s.cost, s.cost_note, s.currency)}</dd>
        {s.target_groups?.length ? (
          <>
            <dt>{t("public.for")}</dt>
            <dd>{s.target_groups.map((g) => g.name).join(", ")}</dd>
          </>
        ) : null}
        {s.locations?.length ? (
          <>
            <dt>{t("public.where")}</dt>
            <dd>{s.locations.map((l) => [l.name, l.street, l.municipality].filter(Boolean).join(", ")).join("; ")}</dd>
          </>
        ) : null}
        {s.contacts?.length ? (
          <>
            <dt>{t("public.contact")}</dt>
            <dd>{s.contacts.map((c) => [c.name, c.phone, c.email].filter(Boolean).join(" · ")).join("; ")}</dd>
          </>
        ) : null}
        {s.wheelchair_accessible ? (
          <>
            <dt>{t("public.accessible")}</dt>
            <dd>{t("common.yes")}</dd>
          </>
        ) : null}
      </dl>
      {children}
    </li>
  );
}
