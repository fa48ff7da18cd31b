// The law of robustness, measured: the smoothness-curve experiment's three model families, their
// lower estimate of the Lipschitz constant against the number of trained parameters p (log-log),
// with the law's scaling sqrt(nd/p) (constants omitted), the data's two floors and the marks
// p = n and p = nd. The slider stops only at the computed widths; a toggle per family shows or
// hides its curve. Seeds are summarised as the paper figure does: the mean over seeds (bars:
// smallest to largest seed); a point is a fit when its train MSE is under the threshold in
// every seed. Every number is read from the stored result (kit.data).
const D = kit.data;
const P = kit.theme.palette;
const FG = kit.theme.foreground;
const MUTED = kit.theme.muted;
const n = D.n, d = D.d, S = D.seeds;

const NAMES = {
  "random-features": "Random features (min-norm)",
  trained: "Trained, plain loss",
  smooth: "Trained to be smooth",
};
const DATA_NAMES = {
  sphere: "uniform on the sphere",
  gaussian: "Gaussian",
  mixture: "a mixture of clusters",
  digits: "digit images",
};
const LABEL_NAMES = { noise: "pure-noise labels ±1", target: "a smooth target plus noise" };
const nameOf = (m) => NAMES[m] || m;
const colourOf = (m, i) => P[m.replace(/-/g, "_")] || kit.theme.sequence[i % kit.theme.sequence.length];

const finite = (xs) => xs.filter((v) => v !== null && Number.isFinite(v));
const mean = (xs) => {
  let s = 0;
  for (const v of xs) s += v;
  return xs.length ? s / xs.length : NaN;
};
const plain = (v) => String(Number(v.toPrecision(6))); // a stored setting, as it was written
const MSE_MAX = plain(D.fit_mse); // the fit threshold
const seedsWord = (k) => (k === 1 ? "1 seed" : `${k} seeds`);

// family m (its index) at stop w: the seeds' values and their summary
function point(m, w) {
  const lips = finite(D.lip_lower[m].map((row) => row[w]));
  const mses = finite(D.train_mse[m].map((row) => row[w]));
  const fitCount = D.fits[m].filter((row) => row[w]).length;
  return {
    p: D.p[m][w],
    law: D.law_scaling[m][w],
    lip: mean(lips), lipMin: Math.min(...lips), lipMax: Math.max(...lips),
    mse: mean(mses), fitCount, fits: fitCount === D.fits[m].length,
  };
}
function floor(values) {
  const v = finite(values);
  return v.length ? { mean: mean(v), min: Math.min(...v), max: Math.max(...v), count: v.length } : null;
}
const floors = [
  { key: "floor", f: floor(D.lip_floor), dash: "5 4", label: "no exact interpolant is smoother" },
  { key: "floor-fit", f: floor(D.lip_floor_fit), dash: null,
    label: `no fit with train MSE ≤ ${MSE_MAX} is smoother` },
];

// --- controls -----------------------------------------------------------------------------------
let start = 0; // the stop nearest p = n, where fitting becomes possible
D.p_over_n.forEach((v, i) => {
  if (Math.abs(Math.log(v)) < Math.abs(Math.log(D.p_over_n[start]))) start = i;
});
const pSlider = kit.stopSlider({
  name: "p", label: "parameters p/n =", values: D.p_over_n, index: start,
  text: (v) => `${plain(v)} (p ≈ ${plain(v * n)})`,
});
const shown = D.models.map((m, i) => kit.toggle({
  name: m, label: nameOf(m), checked: true, colour: colourOf(m, i),
}));

// --- readouts -----------------------------------------------------------------------------------
const setting = kit.readout({ name: "setting", label: "The data" });
setting.set(n, `n = ${n} points ${DATA_NAMES[D.distribution] || D.distribution} in d = ${d}, ` +
  `${LABEL_NAMES[D.labels] || D.labels}; ${seedsWord(S)}`);
const rows = D.models.map((m, i) => {
  const head = kit.readout({ name: `p-${m}`, label: `${nameOf(m)}, p`, note: " " });
  head.row.insertBefore(kit.el("span", { class: "swatch", style: `background:${colourOf(m, i)}` }),
    head.row.firstChild);
  const sub = (name, label, note = "") => {
    const r = kit.readout({ name: `${name}-${m}`, label, note });
    r.row.style.paddingLeft = "1.9em";
    return r;
  };
  return {
    head,
    lip: sub("lip", "Lip, lower estimate", " "),
    mse: sub("mse", "train MSE", " "),
    law: sub("law", "√(nd/p), the law's scaling"),
  };
});
for (const { key, f, label } of floors) {
  const r = kit.readout({ name: key, label: `Floor, ${label} than Lip`, note: " " });
  if (f) r.set(f.mean, kit.fmt(f.mean), f.count > 1
    ? `(mean of ${seedsWord(f.count)}: ${kit.fmt(f.min)} to ${kit.fmt(f.max)})` : "");
  else r.set(null, "not computed for this n", "");
}

// --- the chart ----------------------------------------------------------------------------------
const allP = D.p.flat();
const values = [...finite(D.lip_lower.flat(2)), ...finite(D.law_scaling.flat()),
  ...finite(D.lip_floor), ...finite(D.lip_floor_fit)];
const decade = (v, round) => 10 ** round(Math.log10(v));
// ticks at 1, 2 and 5 times the powers of ten inside the range (the paper figure's)
function plainTicks(lo, hi) {
  const out = [];
  for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++)
    for (const s of [1, 2, 5]) if (s * 10 ** k >= lo && s * 10 ** k <= hi) out.push(s * 10 ** k);
  return out;
}
const xLo = Math.min(...allP) / 1.25, xHi = Math.max(...allP) * 1.25;
// the kit labels the ticks: plainly, or every one in powers of ten when one is past 10⁴
const xAxis = { min: xLo, max: xHi, log: true, ticks: plainTicks(xLo, xHi),
  label: "trained parameters p" };
const yAxis = { min: decade(Math.min(...values) / 1.5, Math.floor),
  max: decade(Math.max(...values) * 1.5, Math.ceil), log: true,
  label: `Lip, lower estimate (mean of ${seedsWord(S)})` };
const chart = kit.chart({
  name: "lip", title: "Lower estimate of the Lipschitz constant against p",
  x: xAxis, y: yAxis, width: 600, height: 380,
});
const logAt = (a, b, t) => 10 ** (Math.log10(a) + t * (Math.log10(b) - Math.log10(a)));
const grid = kit.linspace(0, 1, 60).map((t) => logAt(xAxis.min, xAxis.max, t));
const lawLine = grid.map((p) => Math.sqrt((n * d) / p));

kit.onDraw(() => {
  const w = pSlider.position;
  chart.clear();
  // the marks p = n (fitting becomes possible) and p = nd (the law: a smooth fit)
  const top = logAt(yAxis.min, yAxis.max, 0.95);
  for (const [v, words] of [[n, "p = n"], [n * d, "p = nd"]]) {
    chart.vline(v, { colour: P.reference, dash: "2 4" });
    chart.text(v * 1.07, top, words, { colour: MUTED });
  }
  // the data's floors (mean over seeds), named in the legend
  for (const { f, dash, label } of floors) {
    if (f) chart.line([xAxis.min, xAxis.max], [f.mean, f.mean],
      { colour: P.reference, width: 1.5, dash, label });
  }
  chart.line(grid, lawLine, { colour: P.law, dash: "8 5", width: 2, label: "sqrt(nd/p)" });
  chart.vline(D.p_over_n[w] * n, { colour: P.highlight, dash: null });
  const legend = [];
  D.models.forEach((m, i) => {
    const visible = shown[i].checked;
    const at = point(i, w);
    const { head, lip, mse, law } = rows[i];
    for (const r of [head, lip, mse, law]) r.row.style.opacity = visible ? "1" : "0.5";
    head.set(at.p, String(at.p), visible ? "" : "(curve hidden)");
    lip.set(at.lip, kit.fmt(at.lip), S > 1
      ? `(mean of ${seedsWord(S)}: ${kit.fmt(at.lipMin)} to ${kit.fmt(at.lipMax)})` : "");
    mse.set(at.mse, kit.fmt(at.mse), at.fits
      ? `a fit (≤ ${MSE_MAX} in ${S > 1 ? "every seed" : "its seed"})`
      : `not a fit (> ${MSE_MAX} in ${S - at.fitCount} of ${seedsWord(S)})`);
    law.set(at.law, kit.fmt(at.law));
    if (!visible) return;
    const c = colourOf(m, i);
    const pts = D.p[i].map((_, k) => point(i, k));
    for (const q of pts) // smallest to largest seed
      chart.line([q.p, q.p], [q.lipMin, q.lipMax], { colour: c, width: 1.5 });
    chart.line(D.p[i], pts.map((q) => q.lip), { colour: c, label: nameOf(m) });
    const fit = pts.filter((q) => q.fits), not = pts.filter((q) => !q.fits);
    chart.dots(fit.map((q) => q.p), fit.map((q) => q.lip), { colour: c, r: 4.5 });
    chart.dots(not.map((q) => q.p), not.map((q) => q.lip), { colour: c, r: 4.5, hollow: true });
    chart.dots([at.p], [at.lip], { colour: P.highlight, r: 8, hollow: true });
    legend.push({ colour: c, label: nameOf(m) });
  });
  chart.legend([
    ...legend,
    { colour: P.law, label: "√(nd/p), the law's scaling (constants omitted)", dash: true },
    ...floors.filter((x) => x.f).map(({ dash, label }) => ({
      colour: P.reference, dash: dash !== null, label: `floor: ${label}` })),
    { colour: P.highlight, label: "your p" },
    { colour: FG, label: `filled: a fit, train MSE ≤ ${MSE_MAX} in every seed; ` +
      "open: not a fit; bars: smallest to largest seed" },
  ]);
  // that last entry's swatch as a dot, as the points are drawn
  const dot = document.querySelector("#chart-lip .legend .item:last-child .swatch");
  if (dot) dot.style.cssText = `background:${FG};width:0.6em;height:0.6em;border-radius:50%`;
});
