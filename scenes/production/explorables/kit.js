// hidim's explorable kit: sliders, toggles, text readouts and SVG line charts, in plain DOM and
// SVG (no library, no network). Every explorable page inlines this file, then its chapter's
// explorable.js, which gets the kit as `kit` and the chapter's numbers as `kit.data`.
//
// The numbers come from the results store: the page embeds them as JSON (`kit.data`); an
// explorable may also compute a closed form, which the tests compare with the stored arrays.
"use strict";

const kit = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const data = JSON.parse(document.getElementById("hidim-data").textContent);
  const theme = JSON.parse(document.getElementById("hidim-theme").textContent);
  const root = document.getElementById("explorable");
  const controls = document.getElementById("controls");
  const readouts = document.getElementById("readouts");
  const charts = document.getElementById("charts");
  let ids = 0;

  // --- numbers as text ------------------------------------------------------------------------
  // 10^k with the exponent as superscript characters: "10⁻²¹"
  const SUP = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷",
    8: "⁸", 9: "⁹" };
  const power = (k) => `10${String(k).replace(/./g, (ch) => SUP[ch])}`;

  // `digits` significant digits, plain below 1e5 and above 1e-3, else m.mm × 10ᵏ (as text)
  function fmt(v, digits = 3) {
    if (v === null || v === undefined || !Number.isFinite(v)) return "—";
    if (v === 0) return "0";
    const a = Math.abs(v);
    if (a >= 1e-3 && a < 1e5) {
      const places = Math.max(0, digits - 1 - Math.floor(Math.log10(a)));
      return v.toFixed(Math.min(places, 12));
    }
    const [m, e] = v.toExponential(digits - 1).split("e");
    return `${m} × ${power(Number(e))}`;
  }

  function el(tag, attrs = {}, parent = null, ns = null) {
    const node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "text") node.textContent = v;
      else node.setAttribute(k, v);
    }
    if (parent) parent.appendChild(node);
    return node;
  }

  // --- controls ---------------------------------------------------------------------------------
  // A labelled range input over positions 0 .. steps. `toValue(position)` gives the value,
  // `text(value)` what the label, aria-valuetext and the readout say. Arrow keys move one
  // position, Page Up / Page Down a tenth of the range, Home / End to the ends (the browser's
  // own range input: keyboard-operable and announced by screen readers).
  function slider({ name, label, steps, position, toValue, text, onChange }) {
    const id = `slider-${name}`;
    const row = el("div", { class: "control" }, controls);
    const lab = el("label", { for: id }, row);
    el("span", { class: "label", text: `${label} ` }, lab);
    const shown = el("output", { class: "value", for: id, id: `${id}-value` }, lab);
    const input = el("input", {
      type: "range", id, name, min: 0, max: steps, step: 1, value: position,
    }, row);
    const s = {
      input,
      get position() { return Number(input.value); },
      get value() { return toValue(Number(input.value)); },
      set(p) { input.value = String(p); update(); },
    };
    function update() {
      const v = toValue(Number(input.value));
      const t = text(v);
      shown.textContent = t;
      input.setAttribute("aria-valuetext", `${label} ${t}`);
      input.dataset.value = String(v);
      if (onChange) onChange(v);
      redraw();
    }
    input.addEventListener("input", update);
    s.update = update;
    // the label and aria-valuetext from the start (drawing waits for onDraw)
    const v0 = toValue(position);
    shown.textContent = text(v0);
    input.setAttribute("aria-valuetext", `${label} ${text(v0)}`);
    input.dataset.value = String(v0);
    sliders.push(s);
    return s;
  }

  // a slider whose value runs from lo to hi evenly in log scale
  function logSlider({ name, label, lo, hi, steps, value, text, onChange }) {
    const a = Math.log10(lo), b = Math.log10(hi);
    const toValue = (p) => (p === 0 ? lo : p === steps ? hi : 10 ** (a + ((b - a) * p) / steps));
    const position = Math.round(((Math.log10(value) - a) / (b - a)) * steps);
    return slider({ name, label, steps, position, toValue, text, onChange });
  }

  // a slider whose stops are the given values (computed points only), in order
  function stopSlider({ name, label, values, index, text, onChange }) {
    return slider({
      name, label, steps: values.length - 1, position: index,
      toValue: (p) => values[p], text, onChange,
    });
  }

  // a labelled checkbox
  function toggle({ name, label, checked = true, colour = null, onChange }) {
    const id = `toggle-${name}`;
    const row = el("div", { class: "control toggle" }, controls);
    const input = el("input", { type: "checkbox", id, name }, row);
    input.checked = checked;
    const lab = el("label", { for: id }, row);
    if (colour) el("span", { class: "swatch", style: `background:${colour}` }, lab);
    el("span", { text: label }, lab);
    input.addEventListener("change", () => { if (onChange) onChange(input.checked); redraw(); });
    return input;
  }

  // a line of text whose value the explorable sets: `set(value, text)` (text defaults to fmt);
  // the full-precision value is kept in data-value, for tests and for copying
  function readout({ name, label, note = "" }) {
    const row = el("div", { class: "readout", id: `readout-${name}` }, readouts);
    el("span", { class: "label", text: `${label}: ` }, row);
    const value = el("span", { class: "value" }, row);
    const extra = note ? el("span", { class: "note", text: ` ${note}` }, row) : null;
    return {
      row,
      set(v, text = null, more = null) {
        value.textContent = text === null ? fmt(v) : text;
        value.dataset.value = v === null || v === undefined ? "" : String(v);
        if (extra && more !== null) extra.textContent = ` ${more}`;
      },
    };
  }

  // --- charts -----------------------------------------------------------------------------------
  // An SVG chart with linear or log axes. Series are redrawn by the explorable's draw().
  function chart({ name, title, x, y, width = 560, height = 320 }) {
    const m = { left: 62, right: 16, top: 28, bottom: 46 };
    const fig = el("figure", { class: "chart", id: `chart-${name}` }, charts);
    const svg = el("svg", {
      viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title,
    }, fig, NS);
    el("title", { text: title }, svg, NS);
    const W = width - m.left - m.right, H = height - m.top - m.bottom;
    const scale = (axis, span) => {
      if (axis.log) {
        const a = Math.log10(axis.min), b = Math.log10(axis.max);
        return (v) => ((Math.log10(v) - a) / (b - a)) * span;
      }
      return (v) => ((v - axis.min) / (axis.max - axis.min)) * span;
    };
    const sx = scale(x, W), sy = scale(y, H);
    const px = (v) => m.left + sx(v);
    const py = (v) => m.top + H - sy(v);
    const axes = el("g", { class: "axes" }, svg, NS);
    const layer = el("g", { class: "series" }, svg, NS);
    el("text", { x: m.left, y: 18, class: "title", text: title }, svg, NS);

    function ticks(axis) {
      if (axis.ticks) return axis.ticks;
      if (axis.log) {
        const out = [];
        for (let k = Math.ceil(Math.log10(axis.min)); k <= Math.floor(Math.log10(axis.max)); k++)
          out.push(10 ** k);
        return out;
      }
      const span = axis.max - axis.min;
      const step = 10 ** Math.floor(Math.log10(span / 4));
      const nice = [1, 2, 5, 10].map((f) => f * step).find((s) => span / s <= 6);
      const out = [];
      for (let v = Math.ceil(axis.min / nice) * nice; v <= axis.max + 1e-12; v += nice)
        out.push(Number(v.toPrecision(12)));
      return out;
    }
    // a log axis with a tick below 0.01 or above 10⁴ labels every tick in powers of ten, 10⁵ or
    // 2×10⁵ (not "1000", "10000", then "10⁵"); the others write them plainly
    const asPowers = (axis, list) => axis.log && list.some((v) => v < 1e-2 || v > 1e4);
    const tickText = (axis, v, powers) => {
      if (axis.format) return axis.format(v);
      if (powers) {
        const k = Math.floor(Math.log10(v) + 1e-9);
        const mantissa = Number((v / 10 ** k).toPrecision(3));
        return mantissa === 1 ? power(k) : `${mantissa}×${power(k)}`;
      }
      return String(Number(v.toPrecision(6))).replace("-", "−");  // a true minus sign
    };
    el("line", { x1: m.left, x2: m.left + W, y1: m.top + H, y2: m.top + H, class: "axis" }, axes, NS);
    el("line", { x1: m.left, x2: m.left, y1: m.top, y2: m.top + H, class: "axis" }, axes, NS);
    const xTicks = ticks(x), yTicks = ticks(y);
    for (const v of xTicks) {
      el("line", { x1: px(v), x2: px(v), y1: m.top + H, y2: m.top + H + 5, class: "axis" }, axes, NS);
      el("text", { x: px(v), y: m.top + H + 19, class: "tick", "text-anchor": "middle",
        text: tickText(x, v, asPowers(x, xTicks)) }, axes, NS);
    }
    for (const v of yTicks) {
      el("line", { x1: m.left - 5, x2: m.left, y1: py(v), y2: py(v), class: "axis" }, axes, NS);
      el("text", { x: m.left - 8, y: py(v) + 4, class: "tick", "text-anchor": "end",
        text: tickText(y, v, asPowers(y, yTicks)) }, axes, NS);
    }
    el("text", { x: m.left + W / 2, y: height - 8, class: "axis-label", "text-anchor": "middle",
      text: x.label }, axes, NS);
    el("text", { x: 14, y: m.top + H / 2, class: "axis-label", "text-anchor": "middle",
      transform: `rotate(-90 14 ${m.top + H / 2})`, text: y.label }, axes, NS);

    const inside = (v, axis) => Number.isFinite(v) && (!axis.log || v > 0);
    const clampY = (v) => Math.min(Math.max(v, y.log ? y.min : y.min - (y.max - y.min)),
      y.log ? y.max * 10 : y.max + (y.max - y.min));
    const c = {
      svg, x, y, px, py,
      clear() { layer.replaceChildren(); },
      // a polyline through the finite points; breaks where a point is missing
      line(xs, ys, { colour, width: w = 2.5, dash = null, label = null } = {}) {
        let d = "", pen = false;
        for (let i = 0; i < xs.length; i++) {
          if (!inside(xs[i], x) || !inside(ys[i], y)) { pen = false; continue; }
          d += `${pen ? "L" : "M"}${px(xs[i]).toFixed(2)} ${py(clampY(ys[i])).toFixed(2)}`;
          pen = true;
        }
        const path = el("path", { d, fill: "none", stroke: colour, "stroke-width": w,
          "stroke-linejoin": "round", "clip-path": `url(#clip-${name})` }, layer, NS);
        if (dash) path.setAttribute("stroke-dasharray", dash);
        if (label) path.setAttribute("aria-label", label);
        return path;
      },
      // the region between a curve and y = base, filled
      area(xs, ys, { colour, opacity = 0.3, base = 0 } = {}) {
        let d = `M${px(xs[0]).toFixed(2)} ${py(base).toFixed(2)}`;
        for (let i = 0; i < xs.length; i++)
          if (inside(ys[i], y)) d += `L${px(xs[i]).toFixed(2)} ${py(clampY(ys[i])).toFixed(2)}`;
        d += `L${px(xs[xs.length - 1]).toFixed(2)} ${py(base).toFixed(2)}Z`;
        return el("path", { d, fill: colour, "fill-opacity": opacity, stroke: "none",
          "clip-path": `url(#clip-${name})` }, layer, NS);
      },
      dots(xs, ys, { colour, r = 4, hollow = false } = {}) {
        for (let i = 0; i < xs.length; i++) {
          if (!inside(xs[i], x) || !inside(ys[i], y)) continue;
          el("circle", { cx: px(xs[i]), cy: py(ys[i]), r,
            fill: hollow ? "none" : colour, stroke: colour, "stroke-width": 1.5 }, layer, NS);
        }
      },
      vline(v, { colour = theme.muted, dash = "4 4" } = {}) {
        if (!inside(v, x)) return;
        el("line", { x1: px(v), x2: px(v), y1: m.top, y2: m.top + H, stroke: colour,
          "stroke-width": 1.5, "stroke-dasharray": dash }, layer, NS);
      },
      text(v, w, str, { colour = theme.foreground, anchor = "start" } = {}) {
        // the colour as a style: the page's CSS would override a fill attribute
        el("text", { x: px(v), y: py(w), style: `fill:${colour}`, "text-anchor": anchor,
          class: "note", text: str }, layer, NS);
      },
      // a legend entry under the chart: a swatch and its words
      legend(entries) {
        let box = fig.querySelector(".legend");
        if (!box) box = el("figcaption", { class: "legend" }, fig);
        box.replaceChildren();
        for (const { colour, label, dash } of entries) {
          const item = el("span", { class: "item" }, box);
          el("span", { class: dash ? "swatch dashed" : "swatch",
            style: dash ? `border-color:${colour}` : `background:${colour}` }, item);
          el("span", { text: label }, item);
        }
      },
    };
    const defs = el("defs", {}, svg, NS);
    const clip = el("clipPath", { id: `clip-${name}` }, defs, NS);
    el("rect", { x: m.left, y: m.top - 2, width: W, height: H + 4 }, clip, NS);
    return c;
  }

  // --- maths --------------------------------------------------------------------------------------
  // log Gamma (Lanczos, g = 7, 9 terms: relative error ~1e-15 for x > 0)
  const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028,
    771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7];
  function lgamma(x) {
    if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
    x -= 1;
    let a = LANCZOS[0];
    const t = x + 7.5;
    for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
  }
  const lbeta = (a, b) => lgamma(a) + lgamma(b) - lgamma(a + b);

  // the regularised incomplete beta function I_x(a, b) (continued fraction, modified Lentz)
  function betaCf(x, a, b) {
    const TINY = 1e-300;
    let c = 1, d = 1 - ((a + b) * x) / (a + 1);
    if (Math.abs(d) < TINY) d = TINY;
    d = 1 / d;
    let h = d;
    for (let m = 1; m <= 10000; m++) {
      const m2 = 2 * m;
      let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
      d = 1 + aa * d; if (Math.abs(d) < TINY) d = TINY;
      c = 1 + aa / c; if (Math.abs(c) < TINY) c = TINY;
      d = 1 / d; h *= d * c;
      aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
      d = 1 + aa * d; if (Math.abs(d) < TINY) d = TINY;
      c = 1 + aa / c; if (Math.abs(c) < TINY) c = TINY;
      d = 1 / d;
      const del = d * c;
      h *= del;
      if (Math.abs(del - 1) < 1e-16) break;
    }
    return h;
  }
  function betainc(x, a, b) {
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - lbeta(a, b));
    if (x < (a + 1) / (a + b + 2)) return (front * betaCf(x, a, b)) / a;
    return 1 - (front * betaCf(1 - x, b, a)) / b;
  }

  // the standard normal's density and CDF (the CDF through erfc: W. J. Cody's rational
  // approximations, relative error below 1e-15)
  const normPdf = (z) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  function erfc(x) {
    const ax = Math.abs(x);
    let r;
    if (ax < 0.5) {
      const t = x * x;
      const p = [3.16112374387056560e0, 1.13864154151050156e2, 3.77485237685302021e2,
        3.20937758913846947e3, 1.85777706184603153e-1];
      const q = [2.36012909523441209e1, 2.44024637934444173e2, 1.28261652607737228e3,
        2.84423683343917062e3];
      let num = p[4] * t, den = t;
      for (let i = 0; i < 3; i++) { num = (num + p[i]) * t; den = (den + q[i]) * t; }
      return 1 - (x * (num + p[3])) / (den + q[3]);
    } else if (ax < 4) {
      const p = [5.64188496988670089e-1, 8.88314979438837594e0, 6.61191906371416295e1,
        2.98635138197400131e2, 8.81952221241769090e2, 1.71204761263407058e3,
        2.05107837782607147e3, 1.23033935479799725e3, 2.15311535474403846e-8];
      const q = [1.57449261107098347e1, 1.17693950891312499e2, 5.37181101862009858e2,
        1.62138957456669019e3, 3.29079923573345963e3, 4.36261909014324716e3,
        3.43936767414372164e3, 1.23033935480374942e3];
      let num = p[8] * ax, den = ax;
      for (let i = 0; i < 7; i++) { num = (num + p[i]) * ax; den = (den + q[i]) * ax; }
      r = (num + p[7]) / (den + q[7]);
    } else {
      const p = [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
        1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2];
      const q = [2.56852019228982242e0, 1.87295284992346725e0, 5.27905102951428412e-1,
        6.05183413124413191e-2, 2.33520497626869185e-3];
      const z = 1 / (ax * ax);
      let num = p[5] * z, den = z;
      for (let i = 0; i < 4; i++) { num = (num + p[i]) * z; den = (den + q[i]) * z; }
      r = (z * (num + p[4])) / (den + q[4]);
      r = (1 / Math.sqrt(Math.PI) - r) / ax;
    }
    // exp(-x^2) split to keep its relative accuracy
    const sq = Math.trunc(ax * 16) / 16;
    r *= Math.exp(-sq * sq) * Math.exp(-(ax - sq) * (ax + sq));
    return x < 0 ? 2 - r : r;
  }
  const normCdf = (z) => 0.5 * erfc(-z / Math.SQRT2);

  // a root of f in [a, b] where f changes sign (bisection to the last bit, then done)
  function bisect(f, a, b) {
    let fa = f(a);
    for (let i = 0; i < 200; i++) {
      const mid = 0.5 * (a + b);
      if (mid === a || mid === b) break;
      const fm = f(mid);
      if (fm === 0) return mid;
      if (Math.sign(fm) === Math.sign(fa)) { a = mid; fa = fm; } else b = mid;
    }
    return 0.5 * (a + b);
  }

  const linspace = (a, b, n) => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));

  // --- drawing ----------------------------------------------------------------------------------
  const sliders = [];
  let draw = null;
  function redraw() { if (draw) draw(); }
  // the explorable's drawing function: called now and after every change of a control
  function onDraw(fn) { draw = fn; redraw(); reportHeight(); }

  // in a frame (the gallery), tell the page around it how tall this page is
  function reportHeight() {
    if (window.parent === window) return;
    // the content's own height (the document's would be at least the frame's)
    const post = () => window.parent.postMessage({
      hidimExplorable: root.dataset.chapter,
      height: root.getBoundingClientRect().bottom + window.scrollY + 16,
    }, "*");
    post();
    new ResizeObserver(post).observe(document.body);
  }

  return {
    data, theme, root, fmt, power, el, slider, logSlider, stopSlider, toggle, readout, chart, onDraw,
    redraw, lgamma, lbeta, betainc, normPdf, normCdf, erfc, bisect, linspace,
  };
})();
