// Subject rights and retention (/api/v1/subject-exports/, erasure-requests/, legal-holds/, retention-rules/,
// disposal-log/): a client's subject-access copies, erasure requests and legal holds on the client page; the
// centre's retention rules, disposal log and dry run on the retention page. Every write refreshes what it changed.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type BodyOf, type Schemas } from "../../api/client";
import { saveBlob } from "../../lib/download";

export const RIGHTS_KEY = ["subject-rights"] as const;
export const RETENTION_KEY = ["retention"] as const;

export type SubjectExport = Schemas["SubjectExport"];
export type ErasureRequest = Schemas["ErasureRequest"];
export type LegalHold = Schemas["LegalHold"];
export type RetentionRule = Schemas["RetentionRule"];

export const isExportBusy = (e: SubjectExport) => e.status === "queued" || e.status === "running";

/** A client's subject-access copies, newest first; polled every 2 s while the worker is building one. */
export function useSubjectExports(clientId: string) {
  return useQuery({
    queryKey: [...RIGHTS_KEY, "exports", clientId],
    queryFn: () =>
      unwrap(api.GET("/api/v1/subject-exports/", { params: { query: { client: clientId, page_size: 10, ordering: "-created_at" } } })),
    select: (page) => page.results,
    refetchInterval: (query) => (query.state.data?.results.some(isExportBusy) ? 2_000 : false),
    enabled: !!clientId,
  });
}

/** Start a subject-access copy of the client (202: the worker builds it). */
export function useRequestExport(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/subject-exports/", { body: { client: clientId } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...RIGHTS_KEY, "exports", clientId] }),
  });
}

/** Download a ready copy (with the centre header the API needs) and hand it to the browser as a file. */
export function useDownloadExport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (copy: SubjectExport) => {
      const blob = (await unwrap(
        api.GET("/api/v1/subject-exports/{id}/download/", { params: { path: { id: copy.id } }, parseAs: "blob" }),
      )) as unknown as Blob;
      saveBlob(blob, `subject-access-${copy.client_reference || copy.id.slice(0, 8)}.zip`);
      return blob;
    },
    onSuccess: (_blob, copy) => queryClient.invalidateQueries({ queryKey: [...RIGHTS_KEY, "exports", copy.client] }),
  });
}

/** A client's erasure requests and their decisions. */
export function useErasureRequests(clientId: string) {
  return useQuery({
    queryKey: [...RIGHTS_KEY, "erasure", clientId],
    queryFn: () =>
      unwrap(api.GET("/api/v1/erasure-requests/", { params: { query: { client: clientId, page_size: 20 } } })),
    select: (page) => page.results,
    enabled: !!clientId,
  });
}

export type ErasureInput = BodyOf<"/api/v1/erasure-requests/">;
export type ErasureDecision = BodyOf<"/api/v1/erasure-requests/{id}/decide/">;

/** Everything about the client changes when an erasure is carried out: refresh the client's records too. */
async function refreshClient(queryClient: ReturnType<typeof useQueryClient>, clientId: string) {
  await queryClient.invalidateQueries({ queryKey: RIGHTS_KEY });
  await queryClient.invalidateQueries({ queryKey: ["clients"] });
  await queryClient.invalidateQueries({ queryKey: ["consents", clientId] });
}

export function useRecordErasure(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Omit<ErasureInput, "client">) =>
      unwrap(api.POST("/api/v1/erasure-requests/", { body: { ...body, client: clientId } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...RIGHTS_KEY, "erasure", clientId] }),
  });
}

export function useDecideErasure(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ErasureDecision }) =>
      unwrap(api.POST("/api/v1/erasure-requests/{id}/decide/", { params: { path: { id } }, body })),
    onSuccess: () => refreshClient(queryClient, clientId),
  });
}

/** A client's legal holds, in force and released. */
export function useLegalHolds(clientId: string) {
  return useQuery({
    queryKey: [...RIGHTS_KEY, "holds", clientId],
    queryFn: () => unwrap(api.GET("/api/v1/legal-holds/", { params: { query: { client: clientId, page_size: 20 } } })),
    select: (page) => page.results,
    enabled: !!clientId,
  });
}

export function usePlaceHold(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) => unwrap(api.POST("/api/v1/legal-holds/", { body: { client: clientId, reason } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: RIGHTS_KEY });
      await queryClient.invalidateQueries({ queryKey: RETENTION_KEY });
    },
  });
}

export function useReleaseHold() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      unwrap(api.POST("/api/v1/legal-holds/{id}/release/", { params: { path: { id } }, body: { reason } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: RIGHTS_KEY });
      await queryClient.invalidateQueries({ queryKey: RETENTION_KEY });
    },
  });
}

/** The centre's retention rules (the country's defaults until the administrator changes one). */
export function useRetentionRules() {
  return useQuery({
    queryKey: [...RETENTION_KEY, "rules"],
    queryFn: () => unwrap(api.GET("/api/v1/retention-rules/")),
  });
}

export type RuleChange = BodyOf<"/api/v1/retention-rules/{id}/", "patch">;

export function useUpdateRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: RuleChange }) =>
      unwrap(api.PATCH("/api/v1/retention-rules/{id}/", { params: { path: { id } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: RETENTION_KEY }),
  });
}

export function useResetRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST("/api/v1/retention-rules/{id}/reset/", { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: RETENTION_KEY }),
  });
}

/** The disposal log (no personal data: category, how many, under which rule, when), newest first. */
export function useDisposalLog(page: number, pageSize: number) {
  return useQuery({
    queryKey: [...RETENTION_KEY, "log", page, pageSize],
    queryFn: () => unwrap(api.GET("/api/v1/disposal-log/", { params: { query: { page, page_size: pageSize } } })),
    placeholderData: keepPreviousData,
  });
}

/** What the daily job would dispose of on a day (today or later), changing nothing. */
export function useDryRun(on: string, enabled: boolean) {
  return useQuery({
    queryKey: [...RETENTION_KEY, "dry-run", on],
    queryFn: () => unwrap(api.GET("/api/v1/disposal-log/dry-run/", { params: { query: on ? { on } : {} } })),
    enabled,
  });
}
