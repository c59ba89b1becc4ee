// The volunteers API: a volunteer's own hours, assignments and totals; the centre's volunteers, their
// agreements and the hours to verify or reject.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { api, unwrap, type Schemas } from "../../api/client";
import { useAuth } from "../../auth/AuthProvider";
import { hoursQueue, onHoursSynced } from "../../offline/hours";

export const VOLUNTEER_KEY = ["volunteer"] as const;
export const PAGE_SIZE = 20;

export function useHours(page: number, filters: { status?: Schemas["VolunteerHoursStatusEnum"]; month?: string } = {}) {
  return useQuery({
    queryKey: [...VOLUNTEER_KEY, "hours", page, filters],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/volunteer-hours/", {
          params: {
            query: {
              page,
              page_size: PAGE_SIZE,
              ordering: "-date",
              status: filters.status,
              month: filters.month || undefined,
            },
          },
        }),
      ),
    placeholderData: (previous) => previous,
  });
}

export function useTotals(month?: string) {
  return useQuery({
    queryKey: [...VOLUNTEER_KEY, "totals", month ?? ""],
    queryFn: () =>
      unwrap(api.GET("/api/v1/volunteer-hours/totals/", { params: { query: { month: month || undefined } } })),
  });
}

export function useActivityTypes() {
  return useQuery({
    queryKey: [...VOLUNTEER_KEY, "activity-types"],
    queryFn: () => unwrap(api.GET("/api/v1/volunteer-activity-types/", { params: { query: { page_size: 200 } } })),
    staleTime: 10 * 60_000,
  });
}

export function useAssignments() {
  return useQuery({
    queryKey: [...VOLUNTEER_KEY, "assignments"],
    queryFn: () => unwrap(api.GET("/api/v1/volunteer-assignments/", { params: { query: { page_size: 200 } } })),
    staleTime: 10 * 60_000,
  });
}

export type HoursInput = Omit<Schemas["VolunteerHoursCreateRequest"], "client_uuid">;

/** Logs hours with an idempotency key chosen once per form entry, so a double tap or retry logs once. */
export function useLogHours() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: HoursInput; key: string }) =>
      unwrap(
        api.POST("/api/v1/volunteer-hours/", {
          body: { ...body, client_uuid: key },
          params: { header: { "Idempotency-Key": key } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: VOLUNTEER_KEY }),
  });
}

/**
 * The signed-in volunteer's outbox of hours (src/offline/hours.ts): hours logged without network wait on the phone
 * and are sent once it is back; the totals and the list refresh whenever queued hours reach the server.
 */
export function useHoursQueue() {
  const { me, centreId } = useAuth();
  const queryClient = useQueryClient();
  const queue = hoursQueue(`${me?.id ?? "anon"}.${centreId ?? "none"}`);
  useEffect(() => onHoursSynced(() => void queryClient.invalidateQueries({ queryKey: VOLUNTEER_KEY })), [queryClient]);
  return queue;
}

export function useVolunteers(page: number, search: string, active?: boolean) {
  return useQuery({
    queryKey: [...VOLUNTEER_KEY, "volunteers", page, search, active ?? null],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/volunteers/", {
          params: { query: { page, page_size: PAGE_SIZE, search: search || undefined, ordering: "last_name", is_active: active } },
        }),
      ),
    placeholderData: (previous) => previous,
  });
}

export function useAgreements(page: number) {
  return useQuery({
    queryKey: [...VOLUNTEER_KEY, "agreements", page],
    queryFn: () =>
      unwrap(api.GET("/api/v1/volunteer-agreements/", { params: { query: { page, page_size: PAGE_SIZE } } })),
    placeholderData: (previous) => previous,
  });
}

export function useCreateAgreement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["VolunteerAgreementCreateRequest"]) =>
      unwrap(api.POST("/api/v1/volunteer-agreements/", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...VOLUNTEER_KEY, "agreements"] }),
  });
}

export function useVerifyHours() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/v1/volunteer-hours/{id}/verify/", { params: { path: { id } }, body: {} })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: VOLUNTEER_KEY }),
  });
}

export function useRejectHours() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      unwrap(api.POST("/api/v1/volunteer-hours/{id}/reject/", { params: { path: { id } }, body: { reason } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: VOLUNTEER_KEY }),
  });
}

export { randomKey as newKey } from "../../offline/queue";

// --- the volunteer centre's screens: one volunteer, their agreements, assignments and hours; activity types ---

export type VolunteerInput = Schemas["VolunteerWriteRequest"];
export type AgreementPatch = Schemas["PatchedVolunteerAgreementWriteRequest"];
export type AssignmentInput = Schemas["VolunteerAssignmentCreateRequest"];
export type AssignmentPatch = Schemas["PatchedVolunteerAssignmentWriteRequest"];
export type ActivityTypeInput = Schemas["VolunteerActivityTypeWriteRequest"];

export function useVolunteer(id: string) {
  return useQuery({
    queryKey: [...VOLUNTEER_KEY, "volunteer", id],
    queryFn: () => unwrap(api.GET("/api/v1/volunteers/{id}/", { params: { path: { id } } })),
    enabled: !!id,
  });
}

export function useSaveVolunteer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: Partial<VolunteerInput> }) =>
      id
        ? unwrap(api.PATCH("/api/v1/volunteers/{id}/", { params: { path: { id } }, body }))
        : unwrap(api.POST("/api/v1/volunteers/", { body: body as VolunteerInput })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: VOLUNTEER_KEY }),
  });
}

export function useVolunteerAgreements(volunteer: string) {
  return useQuery({
    queryKey: [...VOLUNTEER_KEY, "agreements", "of", volunteer],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/volunteer-agreements/", {
          params: { query: { volunteer, page_size: 100, ordering: "-start_date" } },
        }),
      ),
  });
}

export function useUpdateAgreement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: AgreementPatch }) =>
      unwrap(api.PATCH("/api/v1/volunteer-agreements/{id}/", { params: { path: { id } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: VOLUNTEER_KEY }),
  });
}

export function useVolunteerAssignments(volunteer: string) {
  return useQuery({
    queryKey: [...VOLUNTEER_KEY, "assignments", "of", volunteer],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/volunteer-assignments/", {
          params: { query: { volunteer, page_size: 100, ordering: "-start_date" } },
        }),
      ),
  });
}

export function useSaveAssignment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: AssignmentInput | AssignmentPatch }) =>
      id
        ? unwrap(api.PATCH("/api/v1/volunteer-assignments/{id}/", { params: { path: { id } }, body }))
        : unwrap(api.POST("/api/v1/volunteer-assignments/", { body: body as AssignmentInput })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: VOLUNTEER_KEY }),
  });
}

export function useVolunteerHours(volunteer: string, page: number) {
  return useQuery({
    queryKey: [...VOLUNTEER_KEY, "hours", "of", volunteer, page],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/volunteer-hours/", {
          params: { query: { volunteer, page, page_size: PAGE_SIZE, ordering: "-date" } },
        }),
      ),
    placeholderData: (previous) => previous,
  });
}

export function useSaveActivityType() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: ActivityTypeInput }) =>
      id
        ? unwrap(api.PATCH("/api/v1/volunteer-activity-types/{id}/", { params: { path: { id } }, body }))
        : unwrap(api.POST("/api/v1/volunteer-activity-types/", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: VOLUNTEER_KEY }),
  });
}
