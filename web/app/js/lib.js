// Preact and htm (one ES module from npm's htm/preact/standalone, vendored at build time) and
// uPlot: every page imports them from here, so the vendored paths are written once.
export { html, render, useState, useEffect, useRef, useCallback, useMemo } from '../vendor/preact-htm.mjs';
export { default as uPlot } from '../vendor/uPlot.esm.js';
