import { describe, expect, it } from "vitest";
import { EVIDENCE_MAX_BYTES, evidenceProblem } from "./evidence";

describe("evidenceProblem", () => {
  it("accepts a PDF, a JPEG and a PNG of up to 10 MB, whatever the case of the extension", () => {
    expect(evidenceProblem({ name: "signed.pdf", size: 1000 })).toBeNull();
    expect(evidenceProblem({ name: "photo.JPG", size: 1000 })).toBeNull();
    expect(evidenceProblem({ name: "scan.jpeg", size: EVIDENCE_MAX_BYTES })).toBeNull();
    expect(evidenceProblem({ name: "scan.png", size: 1 })).toBeNull();
  });

  it("refuses other kinds of file, names without an extension, empty and too large files", () => {
    expect(evidenceProblem({ name: "consent.docx", size: 1000 })).toBe("consents.evidenceType");
    expect(evidenceProblem({ name: "consent", size: 1000 })).toBe("consents.evidenceType");
    expect(evidenceProblem({ name: "consent.pdf", size: 0 })).toBe("consents.evidenceEmpty");
    expect(evidenceProblem({ name: "consent.pdf", size: EVIDENCE_MAX_BYTES + 1 })).toBe("consents.evidenceTooLarge");
  });
});
