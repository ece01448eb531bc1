// The colours of "used" and "cache" wherever memory is drawn: the usage bar and its legend (Tailwind
// classes) and the chart's canvas (the same colours as Tailwind 4's sRGB values). Cache on white is
// 3.1:1 and used on cache 3.25:1, so both bands stay apart from the page and from each other.

export const MEMORY_COLOURS = {
  used: { className: "bg-indigo-800", hex: "#372aac" },
  cache: { className: "bg-indigo-400", hex: "#7d87ff" },
} as const;
