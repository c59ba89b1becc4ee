// The centre's own settings (/api/v1/centre/settings/, /api/v1/centre/logo/) and its reminder settings
// (/api/v1/reminder-settings/).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type BodyOf, type Schemas } from "../../api/client";
import { formData } from "../../api/formData";

export type CentreSettings = Schemas["CentreSettings"];
export type CentreSettingsInput = BodyOf<"/api/v1/centre/settings/", "patch">;
export type ReminderSetting = Schemas["ReminderSetting"];

const SETTINGS_KEY = ["centre-settings"] as const;
const REMINDERS_KEY = ["reminder-settings"] as const;

export function useCentreSettings() {
  return useQuery({ queryKey: SETTINGS_KEY, queryFn: () => unwrap(api.GET("/api/v1/centre/settings/")) });
}

/** After a change, the header's centre (name, currency, language) is read again too. */
function useSettled() {
  const queryClient = useQueryClient();
  return (data: CentreSettings) => {
    queryClient.setQueryData(SETTINGS_KEY, data);
    return queryClient.invalidateQueries({ queryKey: ["centres"] });
  };
}

export function useSaveCentreSettings() {
  const settled = useSettled();
  return useMutation({
    mutationFn: (body: CentreSettingsInput) => unwrap(api.PATCH("/api/v1/centre/settings/", { body })),
    onSuccess: settled,
  });
}

export function useUploadLogo() {
  const settled = useSettled();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) =>
      unwrap(
        api.POST("/api/v1/centre/logo/", {
          body: { logo: file as unknown as string },
          bodySerializer: (body) => formData(body as Record<string, unknown>),
        }),
      ),
    onSuccess: async (data) => {
      await settled(data);
      await queryClient.invalidateQueries({ queryKey: ["centre-logo"] });
    },
  });
}

export function useRemoveLogo() {
  const settled = useSettled();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/centre/logo/")),
    onSuccess: async (data) => {
      await settled(data);
      queryClient.removeQueries({ queryKey: ["centre-logo"] });
    },
  });
}

/** The logo as a data: URL (the CSP allows images from the site and data:, and the request needs the X-Centre header). */
export function useLogo(enabled: boolean) {
  return useQuery({
    queryKey: ["centre-logo"],
    enabled,
    queryFn: async () => {
      const { data, response } = await api.GET("/api/v1/centre/logo/", { parseAs: "blob" });
      if (!response.ok || !data) return null;
      const blob = data as Blob;
      return await new Promise<string>((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(String(reader.result));
        reader.onerror = () => reject(reader.error);
        reader.readAsDataURL(blob);
      });
    },
  });
}

export function useReminderSettings() {
  return useQuery({ queryKey: REMINDERS_KEY, queryFn: () => unwrap(api.GET("/api/v1/reminder-settings/")) });
}

export function useSaveReminder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, body }: { kind: string; body: { enabled?: boolean; lead_days?: number } }) =>
      unwrap(api.PATCH("/api/v1/reminder-settings/{kind}/", { params: { path: { kind } }, body })),
    onSuccess: (row) => {
      queryClient.setQueryData<ReminderSetting[]>(REMINDERS_KEY, (rows) => rows?.map((r) => (r.kind === row.kind ? row : r)));
    },
  });
}
