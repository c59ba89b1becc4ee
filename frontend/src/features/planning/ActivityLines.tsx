import { useTranslation } from "react-i18next";

/** What an activity of a community plan is, who answers for it, for whom and through which services: the same lines
 * on the staff's plan page and on the public page. */
export function ActivityLines({
  description,
  responsible,
  targetGroups,
  serviceTypes,
}: {
  description: string;
  responsible: string | null | undefined;
  targetGroups: string[];
  serviceTypes: string[];
}) {
  const { t } = useTranslation();
  const facts: [string, string][] = [
    [t("planning.activity.responsible"), responsible ?? ""],
    [t("planning.activity.targetGroups"), targetGroups.join(", ")],
    [t("planning.activity.serviceTypes"), serviceTypes.join(", ")],
  ];
  return (
    <>
      {description ? <p className="pre-line">{description}</p> : null}
      {facts.map(([label, value]) =>
        value ? (
          <p key={label} className="muted">
            {label}: {value}
          </p>
        ) : null,
      )}
    </>
  );
}
