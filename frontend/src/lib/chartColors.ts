/**
 * The charts' colours. Each series stands out from the white page by at least 3:1 (WCAG 1.4.11, non-text
 * contrast) and the pairs differ in hue and lightness, so they stay apart for colour-blind readers; legend text
 * is the page's text colour (styles.css), not the series colour.
 */
export const CHART = {
  /** what happened: delivered, spent */
  primary: "#0b4f8a",
  /** what was meant to: planned, remaining */
  secondary: "#b35c00",
  /** a threshold or a line drawn over bars */
  line: "#5b2a86",
} as const;

/** The contrast ratio of two sRGB colours (#rrggbb), as WCAG defines it. */
export function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
