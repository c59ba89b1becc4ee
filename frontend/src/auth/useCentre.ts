import { useAuth } from "./AuthProvider";
import { useCentreDetail } from "./queries";

/** The centre the user acts in (name, currency, timezone, language). */
export function useCentre() {
  return useCentreDetail(useAuth().centreId);
}

export function useCurrency(): string {
  return useCentre().data?.currency ?? "EUR";
}
