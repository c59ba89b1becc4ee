import { describe, expect, it, vi } from "vitest";
import { ApiError, applyFieldErrors, flattenErrors } from "./errors";

describe("flattenErrors", () => {
  it("keeps field messages under the field name", () => {
    expect(flattenErrors({ email: ["Enter a valid e-mail."] })).toEqual({ email: ["Enter a valid e-mail."] });
  });

  it("names nested list errors by dotted path", () => {
    expect(flattenErrors({ goals: [{}, { description: ["Required."] }] })).toEqual({ "goals.1.description": ["Required."] });
  });

  it("files a bare list of messages as non-field errors", () => {
    expect(flattenErrors(["Plan overlaps."])).toEqual({ non_field_errors: ["Plan overlaps."] });
  });
});

describe("ApiError", () => {
  it("reads detail from a 409 and keeps its extras out of the field errors", () => {
    const error = new ApiError(409, { detail: "Possible duplicate.", code: "duplicate", duplicates: [{ id: "x" }] });
    expect(error.detail).toBe("Possible duplicate.");
    expect(error.fieldErrors).toEqual({});
    expect(error.message).toBe("Possible duplicate.");
  });

  it("uses the non-field errors of a 400 as its detail", () => {
    const error = new ApiError(400, { non_field_errors: ["End before start."] });
    expect(error.detail).toBe("End before start.");
  });
});

describe("applyFieldErrors", () => {
  it("sets errors on known fields and returns the rest", () => {
    const setError = vi.fn();
    const error = new ApiError(400, { last_name: ["Required."], coordinator: ["Unknown."], non_field_errors: ["Bad."] });
    const rest = applyFieldErrors(error, setError, ["last_name"]);
    expect(setError).toHaveBeenCalledWith("last_name", { type: "server", message: "Required." });
    expect(rest).toEqual(["Bad.", "coordinator: Unknown."]);
  });

  it("returns the message of a non-API error", () => {
    expect(applyFieldErrors(new Error("offline"), vi.fn(), [])).toEqual(["offline"]);
  });
});
