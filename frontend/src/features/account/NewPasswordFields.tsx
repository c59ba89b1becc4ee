import type { FieldErrors, UseFormGetValues, UseFormRegister } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Field } from "../../components/Field";

/** The new password twice, with the rules as a hint (the server checks them and says what is wrong). */
export function NewPasswordFields<T extends { new_password: string; repeat: string }>({
  register,
  getValues,
  errors,
}: {
  register: UseFormRegister<T>;
  getValues: UseFormGetValues<T>;
  errors: FieldErrors<T>;
}) {
  const { t } = useTranslation();
  const reg = register as unknown as UseFormRegister<{ new_password: string; repeat: string }>;
  const get = getValues as unknown as UseFormGetValues<{ new_password: string; repeat: string }>;
  const errs = errors as FieldErrors<{ new_password: string; repeat: string }>;
  return (
    <>
      <Field label={t("password.new")} hint={t("password.hint")} error={errs.new_password?.message} required>
        <input type="password" autoComplete="new-password" {...reg("new_password", { required: t("form.required") })} />
      </Field>
      <Field label={t("password.repeat")} error={errs.repeat?.message} required>
        <input
          type="password"
          autoComplete="new-password"
          {...reg("repeat", {
            required: t("form.required"),
            validate: (value) => value === get("new_password") || t("password.mismatch"),
          })}
        />
      </Field>
    </>
  );
}
