// How big is big enough: every count of the law-prediction result on one log axis of parameters,
// a chart per data set (MNIST, ImageNet), a lane per count, marked as in the paper figure and
// the scene. A toggle per kind of count (classical, law, observed, reference) shows or hides its
// lanes; under the charts, each count shown: its value as stored, its origin and its source.
const D = kit.data;
const P = kit.theme.palette;
const FG = kit.theme.foreground;
const BG = kit.theme.background;
const M = D.marks;
const NS = "http://www.w3.org/2000/svg";

// --- numbers as text: the stored value exactly (up to 12 significant digits) ---------------------
const SUP = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸",
  9: "⁹" };
const power = (k) => `10${String(k).replace(/./g, (ch) => SUP[ch])}`;
// 784, 6 × 10⁴, 4.704 × 10⁷, 10¹⁰ (integers below `plainBelow` written out)
function sci(v, plainBelow = 1e4) {
  if (v < plainBelow && Number.isInteger(v)) return String(v);
  let k = Math.floor(Math.log10(v));
  let m = Number((v / 10 ** k).toPrecision(12));
  if (m >= 10) { m = Number((m / 10).toPrecision(12)); k += 1; }
  return m === 1 ? power(k) : `${m} × ${power(k)}`;
}
const span = (lo, hi, plainBelow = 1e4) =>
  (lo === hi ? sci(lo, plainBelow) : `${sci(lo, plainBelow)} – ${sci(hi, plainBelow)}`);
const percent = (p) => `${Math.round(100 * p)}%`;
window.hidim = { sci, span };

// --- the rows ----------------------------------------------------------------------------------
const rows = D.quantity_id.map((id, j) => ({
  j, id, dataset: D.dataset[j], quantity: D.quantity[j], kind: D.kind[j],
  lo: D.params_low[j], hi: D.params_high[j], origin: D.origin[j], source: D.source[j],
  accuracy: D.robust_accuracy[j], before: D.robust_accuracy_before[j],
  name: `${D.dataset[j]}-${id}`.toLowerCase(),
}));
const kinds = [...new Set(D.kind)];
const colour = (kind) => P[D.kind_role[kind]] || FG;
const mid = (r) => Math.sqrt(r.lo * r.hi);
// lanes top to bottom: by kind, then by size
const lanes = (ds) => rows.filter((r) => r.dataset === ds).sort((a, b) =>
  kinds.indexOf(a.kind) - kinds.indexOf(b.kind) || mid(a) - mid(b));
const reference = rows.find((r) => r.id === M.reference);

// --- controls: a toggle per kind --------------------------------------------------------------
const KIND_WORDS = {  // what each kind of count is (the kind's own name where not listed)
  classical: "classical rule, p ~ n",
  law: "the law, p ~ n d and n d_eff",
  observed: "robust models observed",
  reference: "for scale",
};
document.getElementById("controls").style.cssText =
  "flex-direction:row;flex-wrap:wrap;gap:0.4em 1.6em";
const shown = {};
for (const kind of kinds) {
  const input = kit.toggle({ name: kind, label: KIND_WORDS[kind] || kind, colour: colour(kind) });
  shown[kind] = () => input.checked;
}

// --- charts: one per data set, the same decades on each ----------------------------------------
const decades = [Math.floor(Math.log10(Math.min(...D.params_low))),
  Math.ceil(Math.log10(Math.max(...D.params_high)))];
const LANE = 38;
// a narrow screen (a phone) gets a narrower chart, so that its text is drawn larger
const WIDTH = window.innerWidth < 600 ? 420 : 640;
const charts = {};
D.datasets.forEach((ds, i) => {
  const n = D.n[i], d = D.d[i];
  const count = lanes(ds).length;
  charts[ds] = kit.chart({
    name: ds.toLowerCase(),
    // a d of 10⁴ or more is rounded in the source: "about"
    title: `${ds}: n = ${sci(n)}, d ${d < 1e4 ? "=" : "≈"} ${sci(d)}`,
    x: { min: 10 ** decades[0], max: 10 ** decades[1], log: true, label: "number of parameters p",
      format: (v) => power(Math.round(Math.log10(v))) },
    y: { min: 0, max: count, ticks: [], label: "" },
    width: WIDTH, height: 28 + 46 + LANE * count,
  });
});

// the marks, drawn into a chart's series layer (cleared by c.clear())
function mark(c, tag, attrs) {
  return kit.el(tag, attrs, c.svg.querySelector("g.series"), NS);
}
function drawRow(c, r, y, group) {
  const k = colour(r.kind);
  const x0 = c.px(r.lo), x1 = c.px(r.hi), yy = c.py(y);
  const put = (tag, attrs) => kit.el(tag, attrs, group, NS);
  const h = 7;
  if (r.id === M.paper) {  // the paper's own rounded range: a bracket
    put("path", { d: `M${x0} ${yy - h}V${yy + h}M${x0} ${yy}H${x1}M${x1} ${yy - h}V${yy + h}`,
      stroke: k, "stroke-width": 3, fill: "none" });
  } else if (r.lo !== r.hi) {  // a range: a bar, filled unless read by this project
    const reading = r.origin === D.reading;
    const seen = M.observed.includes(r.id);
    put("rect", { x: x0, y: yy - h, width: x1 - x0, height: 2 * h, fill: k,
      "fill-opacity": reading ? 0.15 : 0.85, stroke: seen ? FG : k,
      "stroke-width": seen ? 1.5 : 2.5 });
  } else if (r.id === M.full_d) {  // n d: a hollow diamond
    const s = 8;
    put("path", { d: `M${x0} ${yy - s}L${x0 + s} ${yy}L${x0} ${yy + s}L${x0 - s} ${yy}Z`,
      fill: BG, stroke: k, "stroke-width": 2.5 });
  } else {  // a count: a dot, ringed in the foreground colour where observed
    const seen = M.observed.includes(r.id);
    put("circle", { cx: x0, cy: yy, r: 6.5, fill: k, stroke: seen ? FG : k,
      "stroke-width": 1.5 });
  }
  // its name above it, at the left, on a halo of the background colour
  const left = c.px(c.x.min) + 4;
  const label = put("text", { x: left, y: yy - 11, class: "note", fill: FG, stroke: BG,
    "stroke-width": 4, "paint-order": "stroke", text: r.quantity });
  const room = WIDTH - 4 - left, long = label.getComputedTextLength();
  if (long > room) label.style.fontSize = `${(13 * room) / long}px`;  // a long name, smaller
}

// --- the list under the charts: each count shown, its origin and source -----------------------
const list = document.getElementById("readouts");
kit.root.appendChild(list);  // under the charts
list.style.cssText = "margin-top:0.8em;max-width:60em";
const items = {};
D.datasets.forEach((ds, i) => {
  const head = kit.el("h2", { class: "dataset", style: "font-size:1.05em;margin:0.8em 0 0.2em" },
    list);
  head.textContent = `${ds}: n = ${sci(D.n[i])} images (${D.n_basis[i]}), ` +
    `d ${D.d[i] < 1e4 ? "=" : "≈"} ${sci(D.d[i])} (${D.input_source[i]})`;
  for (const r of lanes(ds)) {
    const out = kit.readout({ name: r.name, label: r.quantity });
    out.set(r.lo, span(r.lo, r.hi));
    out.row.dataset.low = String(r.lo);
    out.row.dataset.high = String(r.hi);
    out.row.dataset.kind = r.kind;
    out.row.style.cssText =
      `border-left:4px solid ${colour(r.kind)};padding-left:0.5em;margin:0.15em 0`;
    let how = "";
    if (r.id === M.classical) how = "n";
    else if (r.id === M.full_d) how = `n × d = ${sci(D.n[i])} × ${sci(D.d[i])}`;
    else if (r.id === M.d_eff)
      how = `n × d_eff, d_eff = ${span(D.d_eff_low[i], D.d_eff_high[i], 1e3)} ` +
        `(${D.d_eff_basis[i]})`;
    if (how) kit.el("span", { class: "how note", text: ` = ${how}` }, out.row);
    if (Number.isFinite(r.accuracy)) {
      const jump = Number.isFinite(r.before) ? `${percent(r.before)} → ` : "";
      kit.el("span", { class: "note", text: ` (robust accuracy ${jump}${percent(r.accuracy)})` },
        out.row);
    }
    const where = kit.el("span", { class: "note" }, out.row);
    kit.el("span", { text: " — " }, where);
    kit.el("span", { class: "origin", text: r.origin }, where);
    kit.el("span", { text: "; " }, where);
    kit.el("span", { class: "source", text: r.source }, where);
    items[r.name] = out.row;
  }
  const quote = kit.el("p", { class: "quote note", style: "margin:0.3em 0 0;color:" +
    kit.theme.muted }, list);
  quote.textContent = `The paper (${D.input_source[i]}): “${D.paper_words[i]}”`;
  if (D.d_eff_origin[i] === D.reading) {  // d_eff read from the paper's words: its caveat
    kit.el("p", { class: "speculative", style: "margin:0.3em 0 0",
      text: `${ds}: the effective dimension is this project's reading of the paper's words ` +
        `(“${D.d_eff_words[i]}”), and the paper calls this prediction speculative.` }, list);
  }
});

kit.onDraw(() => {
  for (const ds of D.datasets) {
    const c = charts[ds];
    c.clear();
    const mine = lanes(ds);
    if (reference && shown[reference.kind]()) {  // for scale, across every chart
      c.vline(reference.lo, { colour: colour(reference.kind), dash: "6 4" });
      if (reference.dataset !== ds)
        c.text(reference.lo, 0.15, ` ${reference.quantity}`, { colour: colour(reference.kind) });
    }
    mine.forEach((r, k) => {
      const group = mark(c, "g", { "data-row": r.name, "data-kind": r.kind });
      if (shown[r.kind]()) drawRow(c, r, mine.length - k - 0.5, group);
      else group.remove();
    });
    const drawn = (kind) => mine.some((r) => r.kind === kind) || kind === reference?.kind;
    c.legend(kinds.filter((kind) => shown[kind]() && drawn(kind))
      .map((kind) => ({ colour: colour(kind), label: KIND_WORDS[kind] || kind })));
  }
  for (const r of rows) items[r.name].hidden = !shown[r.kind]();
});
