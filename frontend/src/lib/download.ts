/** Saves a file the API answered (a PDF, a CSV, a ZIP) under `filename`, as the browser's download. */
export function saveBlob(blob: Blob, filename: string): void {
  if (typeof URL.createObjectURL !== "function") return; // no file to save outside a browser (tests)
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
