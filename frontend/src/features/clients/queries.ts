// The clients API: the caseload, a client's record, consents, assessments, referrals and history, and the
// centre's coordinators to choose from.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type BodyOf, type QueryOf, type Schemas } from "../../api/client";
import { compact } from "../../lib/useListParams";
import { ifMatch } from "../../api/versions";
import { formData } from "../../api/formData";

export const CLIENTS_KEY = ["clients"] as const;

/** A client in the list: the summary staff read (no special-category field; the API answers provider staff their
 * reduced view, and they never reach these screens). */
function summary(record: Schemas["ClientListItem"]): Schemas["ClientSummary"] {
  if (!("birth_date" in record)) throw new Error("This account reads only the reduced client record.");
  return record;
}

/** The full record, as staff read it (the API answers provider staff a reduced one; they never reach these screens). */
function fullRecord(record: Schemas["ClientRecord"]): Schemas["Client"] {
  if (!("birth_date" in record)) throw new Error("This account reads only the reduced client record.");
  return record;
}

/** The caseload list. The search term travels in the X-Search header (percent-encoded), never in the URL: a
 * national ID searched for stays out of server logs and the browser's history (the API matches IDs only there). */
export function useClients(query: QueryOf<"/api/v1/clients/">, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: [...CLIENTS_KEY, query],
    queryFn: async () => {
      const { search, ...rest } = query;
      const page = await unwrap(
        api.GET("/api/v1/clients/", {
          params: {
            query: { ordering: "last_name", ...compact(rest) },
            header: search ? { "X-Search": encodeURIComponent(search) } : undefined,
          },
        }),
      );
      return { ...page, results: page.results.map(summary) };
    },
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

export function useClient(id: string) {
  return useQuery({
    queryKey: [...CLIENTS_KEY, "detail", id],
    queryFn: async () => fullRecord(await unwrap(api.GET("/api/v1/clients/{id}/", { params: { path: { id } } }))),
    enabled: !!id,
  });
}

export type ClientInput = BodyOf<"/api/v1/clients/">;

export function useCreateClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ClientInput) => unwrap(api.POST("/api/v1/clients/", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: CLIENTS_KEY }),
  });
}

export function useUpdateClient(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, revision }: { body: BodyOf<"/api/v1/clients/{id}/", "patch">; revision?: number }) =>
      unwrap(api.PATCH("/api/v1/clients/{id}/", { params: { path: { id } }, body, headers: ifMatch(revision) })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: CLIENTS_KEY }),
  });
}

export function useClientHistory(id: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...CLIENTS_KEY, "history", id, page],
    queryFn: () =>
      unwrap(api.GET("/api/v1/clients/{id}/history/", { params: { path: { id }, query: { page, page_size: pageSize } } })),
    placeholderData: keepPreviousData,
  });
}

/** The centre's active coordinators, for a client's coordinator. */
export function useCoordinators() {
  return useQuery({
    queryKey: ["users", "coordinators"],
    queryFn: () => unwrap(api.GET("/api/v1/users/", { params: { query: { page_size: 200 } } })),
    select: (page) => page.results.filter((u) => u.membership?.role === "coordinator" && u.membership.is_active),
    staleTime: 5 * 60_000,
  });
}

// ---- consents ----

export function useConsents(clientId: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: ["consents", clientId, page],
    queryFn: () =>
      unwrap(api.GET("/api/v1/consents/", { params: { query: { client: clientId, page, page_size: pageSize } } })),
    placeholderData: keepPreviousData,
  });
}

type ConsentBody = Omit<BodyOf<"/api/v1/consents/">, "evidence"> & { evidence?: File };

export function useAddConsent(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    // With a scan of the signed form the consent goes as multipart form data, else as JSON.
    mutationFn: ({ evidence, ...body }: ConsentBody) =>
      unwrap(
        evidence
          ? api.POST("/api/v1/consents/", {
              body: { ...body, evidence: evidence as unknown as string },
              bodySerializer: (fields) => formData(fields as Record<string, unknown>),
            })
          : api.POST("/api/v1/consents/", { body }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["consents", clientId] }),
  });
}

/** Add (or replace) the evidence of a recorded consent: the history keeps which file it had before. */
export function useAddConsentEvidence(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, file }: { id: string; file: File }) =>
      unwrap(
        api.PATCH("/api/v1/consents/{id}/", {
          params: { path: { id } },
          body: { evidence: file as unknown as string },
          bodySerializer: (fields) => formData(fields as Record<string, unknown>),
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["consents", clientId] }),
  });
}

export function useWithdrawConsent(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      unwrap(api.POST("/api/v1/consents/{id}/withdraw/", { params: { path: { id } }, body: { reason } })),
    // A withdrawal may close participations, take planned services back from providers, revoke survey links.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["consents", clientId] }),
        queryClient.invalidateQueries({ queryKey: ["participations", clientId] }),
        queryClient.invalidateQueries({ queryKey: ["plans"] }),
        queryClient.invalidateQueries({ queryKey: ["waiting-list"] }),
      ]),
  });
}

// ---- ESF+ participations ----

/** The client's project participations, newest first. */
export function useParticipations(clientId: string) {
  return useQuery({
    queryKey: ["participations", clientId],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/participations/", { params: { query: { client: clientId, ordering: "-entry_date", page_size: 50 } } }),
      ),
    select: (page) => page.results,
  });
}

/** The centre's active projects (funding sources) a client may enter. */
export function useProjects() {
  return useQuery({
    queryKey: ["funding-sources", "active"],
    queryFn: () => unwrap(api.GET("/api/v1/funding-sources/", { params: { query: { is_active: true, page_size: 100 } } })),
    select: (page) => page.results,
    staleTime: 5 * 60_000,
  });
}

/** Enter the client into a project; a 409 `consent_missing` names the consent the centre needs first. */
export function useStartParticipation(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<"/api/v1/participations/">) => unwrap(api.POST("/api/v1/participations/", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["participations", clientId] }),
  });
}

// ---- assessments and referrals ----

export function useAssessments(clientId: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: ["assessments", clientId, page],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/assessments/", { params: { query: { client: clientId, page, page_size: pageSize, ordering: "-date" } } }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useAddAssessment(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<"/api/v1/assessments/">) => unwrap(api.POST("/api/v1/assessments/", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["assessments", clientId] }),
  });
}

/** Change a (draft) assessment, from the revision it was read at (412 when someone else saved it since). */
export function useUpdateAssessment(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, revision, body }: { id: string; revision: number; body: BodyOf<"/api/v1/assessments/{id}/", "patch"> }) =>
      unwrap(api.PATCH("/api/v1/assessments/{id}/", { params: { path: { id } }, body, headers: ifMatch(revision) })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["assessments", clientId] }),
  });
}

/** A client's referrals, or (no client) the centre's latest. */
export function useReferrals(query: QueryOf<"/api/v1/referrals/">) {
  return useQuery({
    queryKey: ["referrals", query],
    queryFn: () => unwrap(api.GET("/api/v1/referrals/", { params: { query: { ordering: "-date", ...compact(query) } } })),
    placeholderData: keepPreviousData,
  });
}

export function useAddReferral() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<"/api/v1/referrals/">) => unwrap(api.POST("/api/v1/referrals/", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["referrals"] }),
  });
}

// ---- likely duplicates and merging (managers, administrators) ----

export function useDuplicates(page: number, pageSize: number) {
  return useQuery({
    queryKey: [...CLIENTS_KEY, "duplicates", page],
    queryFn: () => unwrap(api.GET("/api/v1/clients/duplicates/", { params: { query: { page, page_size: pageSize } } })),
    placeholderData: keepPreviousData,
  });
}

/** Merges `absorbed` into `survivor` (the record kept), with the reason both histories keep. */
export function useMergeClients() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ survivor, absorbed, reason }: { survivor: string; absorbed: string; reason: string }) =>
      unwrap(api.POST("/api/v1/clients/{id}/merge/", { params: { path: { id: survivor } }, body: { absorbed, reason } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: CLIENTS_KEY }),
  });
}

// ---- contact persons ----

export function useContacts(clientId: string) {
  return useQuery({
    queryKey: ["contacts", clientId],
    queryFn: () => unwrap(api.GET("/api/v1/contacts/", { params: { query: { client: clientId, page_size: 100 } } })),
  });
}

export type ContactInput = Omit<BodyOf<"/api/v1/contacts/">, "client">;

/** Adds a contact person of the client (no `id`) or changes one. */
export function useSaveContact(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: ContactInput }) =>
      id
        ? unwrap(api.PATCH("/api/v1/contacts/{id}/", { params: { path: { id } }, body }))
        : unwrap(api.POST("/api/v1/contacts/", { body: { ...body, client: clientId } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["contacts", clientId] }),
  });
}

/** Every participation list (a client's, the participants page) is read again after a change. */
function useParticipationChange<B>(call: (id: string, body: B) => Promise<Schemas["Participation"]>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: B }) => call(id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["participations"] }),
  });
}

/** The client left the project: exit date, reason and the immediate results. */
export function useEndParticipation() {
  return useParticipationChange((id, body: Schemas["ParticipationEndRequest"]) =>
    unwrap(api.POST("/api/v1/participations/{id}/end/", { params: { path: { id } }, body })),
  );
}

/** The longer-term results, six months after leaving. */
export function useRecordFollowup() {
  return useParticipationChange((id, body: Schemas["ParticipationFollowupRequest"]) =>
    unwrap(api.POST("/api/v1/participations/{id}/followup/", { params: { path: { id } }, body })),
  );
}

/** The centre's participations, filtered (project, open or ended, due for a follow-up), a page at a time. */
export function useParticipantList(query: QueryOf<"/api/v1/participations/">) {
  return useQuery({
    queryKey: ["participations", "list", query],
    queryFn: () => unwrap(api.GET("/api/v1/participations/", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}
