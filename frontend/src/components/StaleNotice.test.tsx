import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import { ifMatch, staleRecordOf } from "../api/versions";
import { StaleNotice } from "./StaleNotice";

const refusal = {
  detail: "Someone else changed this record after you opened it.",
  code: "stale_record",
  revision: 4,
  etag: '"4"',
  changes: { by: ["Anna Nowak"], at: "2026-12-07T10:15:00Z", fields: [{ field: "phone", label: "phone" }, { field: "lives_alone", label: "lives alone" }] },
  current: { id: "c1", phone: "+48 600 100 200", lives_alone: true, first_name: "Róża" },
};

describe("ifMatch", () => {
  it("names the revision the change was made from", () => {
    expect(ifMatch(3)).toEqual({ "If-Match": '"3"' });
  });
  it("sets no condition when the revision is not known", () => {
    expect(ifMatch(undefined)).toEqual({});
    expect(ifMatch(null)).toEqual({});
  });
});

describe("staleRecordOf", () => {
  it("reads the API's 412 answer", () => {
    const stale = staleRecordOf(new ApiError(412, refusal));
    expect(stale?.revision).toBe(4);
    expect(stale?.changes.by).toEqual(["Anna Nowak"]);
  });
  it("is nothing for other errors", () => {
    expect(staleRecordOf(new ApiError(409, { detail: "Duplicate", code: "possible_duplicate" }))).toBeNull();
    expect(staleRecordOf(new ApiError(412, { detail: "no body" }))).toBeNull();
    expect(staleRecordOf(new Error("network"))).toBeNull();
  });
});

describe("StaleNotice", () => {
  it("says who changed the record and what the changed fields say now", () => {
    render(<StaleNotice stale={staleRecordOf(new ApiError(412, refusal))} />);
    const notice = screen.getByRole("alert");
    expect(notice).toHaveTextContent("Anna Nowak");
    expect(notice).toHaveTextContent("phone: +48 600 100 200");
    expect(notice).toHaveTextContent("lives alone: Yes");
    expect(notice).not.toHaveTextContent("Róża"); // only the fields they changed
  });
  it("shows nothing when nobody else changed the record", () => {
    const { container } = render(<StaleNotice stale={null} />);
    expect(container).toBeEmptyDOMElement();
  });
});
