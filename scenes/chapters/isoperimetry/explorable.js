// Concentration and isoperimetry on the sphere, with two distances called t, each its own slider.
//
// The band: |x_1| <= t around an equator of S^(d-1), t a height (0 ... 1). Its share is
// P(|x_1| <= t) = I_{t^2}(1/2, (d-1)/2), computed here for every d (the tests compare it with
// the stored band_measure to 1e-9); d stops at the stored integer dimensions, t at the stored
// grid. The stored curves are drawn as points.
//
// The caps on S^2: A, two antipodal caps of radius alpha, and C, one cap of the same area, both
// grown by a geodesic distance t (radians); the t slider stops at the stored grid, so
// sigma(A_t) and sigma(C_t) are the stored exact shares themselves.
const D = kit.data;
const P = kit.theme.palette;
const FG = kit.theme.foreground;
const MUTED = kit.theme.muted;

// --- closed forms -------------------------------------------------------------------------------
// the share of S^(d-1) in the band |x_1| <= t: x_1^2 ~ Beta(1/2, (d-1)/2)
function band(t, d) {
  const c = Math.min(Math.max(t, 0), 1);
  return kit.betainc(c * c, 0.5, 0.5 * (d - 1));
}
// its limit as d grows with s = t sqrt(d) fixed: sqrt(d) x_1 -> N(0, 1)
const limit = (s) => 2 * kit.normCdf(s) - 1;
// for the tests: the closed forms this page draws
window.hidim = { band, limit };

// --- controls -----------------------------------------------------------------------------------
// d: the stored integer dimensions (the curves against d and the stored curves), in order
const dStops = Array.from(new Set([...D.band_d, ...D.band_dims])).sort((a, b) => a - b);
const bandT = D.band_t;
const trim = (v, places) => String(Number(v.toFixed(places)));
// the stop nearest to v (where the page starts)
const nearest = (values, v) => values.reduce((best, w, i) =>
  (Math.abs(w - v) < Math.abs(values[best] - v) ? i : best), 0);

const dSlider = kit.stopSlider({
  name: "d", label: "dimension d =", values: dStops, index: nearest(dStops, 100),
  text: (d) => String(d),
});
const tSlider = kit.stopSlider({
  name: "t", label: "band half-width t (a height: the band |x₁| ≤ t) =", values: bandT,
  index: nearest(bandT, 0.1), text: (t) => trim(t, 4),
});
const capT = kit.stopSlider({
  name: "r", label: "on S²: grow both sets by t (geodesic, radians) =", values: D.t,
  index: nearest(D.t, 0.3), text: (t) => `${t.toFixed(3)}`,
});

const rBand = kit.readout({ name: "band", label: "share of S^(d−1) in the band |x₁| ≤ t" });
const rOut = kit.readout({ name: "outside", label: "share outside it, |x₁| > t" });
const rScaled = kit.readout({ name: "scaled", label: "t √d" });
const rLimit = kit.readout({ name: "limit", label: "the large-d share 2Φ(t √d) − 1" });
const rArea = kit.readout({
  name: "area", label: "on S²: σ(A) = σ(C)",
  note: `(A: two caps of radius ${trim(D.alpha, 3)}; C: one cap of radius ${trim(D.theta0, 3)})`,
});
const rSet = kit.readout({ name: "set", label: "σ(A_t), the two caps grown by t" });
const rCap = kit.readout({ name: "cap", label: "σ(C_t), the one cap grown by t" });
const rGap = kit.readout({
  name: "gap", label: "σ(A_t) − σ(C_t)", note: "(never below 0: the cap grows least)",
});

// --- charts -------------------------------------------------------------------------------------
const dLo = dStops[0], dHi = dStops[dStops.length - 1];
const byT = kit.chart({
  name: "band-t", title: "The band's share of S^(d−1) against t, at your d",
  x: { min: 0, max: 1, label: "band half-width t" },
  y: { min: 0, max: 1, label: "share in |x₁| ≤ t", ticks: [0, 0.25, 0.5, 0.75, 1] },
});
const byD = kit.chart({
  name: "band-d", title: "The same band as d grows, at your t",
  x: { min: dLo, max: dHi, log: true, label: "dimension d", ticks: [10, 100, 1000] },
  y: { min: 0, max: 1, label: "share in |x₁| ≤ t", ticks: [0, 0.25, 0.5, 0.75, 1] },
});
const grow = kit.chart({
  name: "caps", title: "Grow A and C on S² by t: σ(A_t) ≥ σ(C_t)",
  x: { min: 0, max: D.t[D.t.length - 1], label: "t (geodesic, radians)" },
  y: { min: 0, max: 1, label: "share of S²", ticks: [0, 0.25, 0.5, 0.75, 1] },
});
// S^2 side-on: the chart's plot area keeps one unit the same length across and up (the kit's
// margins: 62 + 16 across, 28 + 46 up), so the spheres are round
const PIC = { width: 560, height: 320, yLo: -1.3, yHi: 1.15 };
const halfX = (0.5 * (PIC.yHi - PIC.yLo) * (PIC.width - 78)) / (PIC.height - 74);
const pic = kit.chart({
  name: "spheres", title: "S² side-on: A and C bright, A_t and C_t faint",
  x: { min: -halfX, max: halfX, label: "", ticks: [] },
  y: { min: PIC.yLo, max: PIC.yHi, label: "", ticks: [] },
  width: PIC.width, height: PIC.height,
});
pic.svg.querySelector(".axes").style.display = "none";
const CX = 1.2; // the two spheres' centres, at -CX and +CX

const ts = D.band_t;
const reference3 = ts.map((t) => band(t, 3)); // S^2: the share is t (Archimedes)
const ds = dStops;

// the part {s z >= h} of the disc of radius 1 around (cx, 0) (s = +1 top, -1 bottom), filled
function capFill(chart, cx, h, s, colour, opacity) {
  const hp = Math.max(h, 0);
  const w = Math.sqrt(Math.max(0, 1 - hp * hp));
  const xs = kit.linspace(-w, w, 121);
  chart.area(xs.map((x) => cx + x), xs.map((x) => s * Math.sqrt(Math.max(0, 1 - x * x))),
    { colour, opacity, base: s * hp });
  if (h < 0) {
    const all = kit.linspace(-1, 1, 121);
    chart.area(all.map((x) => cx + x),
      all.map((x) => s * Math.max(h, -Math.sqrt(Math.max(0, 1 - x * x)))),
      { colour, opacity, base: 0 });
  }
}
// a cap of geodesic radius r around the pole s e_3 is {s z >= cos r}
const capOf = (chart, cx, r, s, colour, opacity) =>
  capFill(chart, cx, Math.cos(Math.min(r, Math.PI)), s, colour, opacity);
const circle = kit.linspace(0, 2 * Math.PI, 241);

kit.onDraw(() => {
  const d = dSlider.value, t = tSlider.value, k = tSlider.position;
  const share = band(t, d);
  const s = t * Math.sqrt(d);
  rBand.set(share, kit.fmt(share, 4));
  rOut.set(1 - share, kit.fmt(1 - share, 4));
  rScaled.set(s, kit.fmt(s, 4));
  rLimit.set(limit(s), kit.fmt(limit(s), 4));

  const i = capT.position, r = capT.value;
  const a = D.set_share[i], c = D.cap_share[i];
  rArea.set(D.area, kit.fmt(D.area, 4));
  rSet.set(a, kit.fmt(a, 4));
  rCap.set(c, kit.fmt(c, 4));
  rGap.set(a - c, kit.fmt(a - c, 4));

  byT.clear();
  const curve = ts.map((v) => band(v, d));
  byT.line(ts, reference3, { colour: P.reference, dash: "7 6", width: 2 });
  byT.line(ts, curve, { colour: P.sphere });
  byT.vline(t, { colour: P.highlight, dash: null });
  byT.dots([t], [share], { colour: P.highlight, r: 6 });
  byT.legend([{ colour: P.sphere, label: `d = ${d}` },
    { colour: P.reference, label: "d = 3: the share is t (Archimedes)", dash: true },
    { colour: P.highlight, label: "your t" }]);

  byD.clear();
  byD.line(ds, ds.map((v) => limit(t * Math.sqrt(v))),
    { colour: P.reference, dash: "7 6", width: 2 });
  byD.line(ds, ds.map((v) => band(t, v)), { colour: P.sphere });
  // the stored shares at this t, one point for each stored d
  byD.dots(D.band_dims, D.band_measure.map((row) => row[k]),
    { colour: P.sphere, r: 4, hollow: true });
  byD.dots([d], [share], { colour: P.highlight, r: 6 });
  byD.legend([{ colour: P.sphere, label: `t = ${trim(t, 4)} (points: the stored results)` },
    { colour: P.reference, label: "2Φ(t √d) − 1", dash: true },
    { colour: P.highlight, label: "your d" }]);

  grow.clear();
  grow.line(D.t, D.set_share, { colour: P.two_caps });
  grow.line(D.t, D.cap_share, { colour: P.cap });
  grow.dots(D.mc_t, D.set_share_mc, { colour: P.two_caps, r: 3, hollow: true });
  grow.dots(D.mc_t, D.cap_share_mc, { colour: P.cap, r: 3, hollow: true });
  grow.vline(r, { colour: P.highlight, dash: null });
  grow.dots([r, r], [a, c], { colour: P.highlight, r: 6 });
  grow.legend([{ colour: P.two_caps, label: "σ(A_t), A two caps" },
    { colour: P.cap, label: "σ(C_t), C one cap of the same area" },
    { colour: P.highlight, label: "your t" },
    { colour: MUTED, label: `circles: Monte Carlo, ${D.mc_samples} points` }]);

  pic.clear();
  for (const [cx, colour, sets] of [
    [-CX, P.two_caps, [[D.alpha, 1], [D.alpha, -1]]],
    [CX, P.cap, [[D.theta0, 1]]],
  ]) {
    for (const [radius, side] of sets) {
      // A_t is the two caps of radius alpha + t (the whole sphere once that reaches pi/2)
      const grown = sets.length === 2 && radius + r >= Math.PI / 2 ? Math.PI / 2 : radius + r;
      capOf(pic, cx, grown, side, colour, 0.3);
      capOf(pic, cx, radius, side, colour, 0.75);
    }
    pic.line(circle.map((u) => cx + Math.cos(u)), circle.map((u) => Math.sin(u)),
      { colour: MUTED, width: 1.5 });
  }
  pic.text(-CX, -1.22, `A_t: σ = ${kit.fmt(a, 3)}`, { anchor: "middle" });
  pic.text(CX, -1.22, `C_t: σ = ${kit.fmt(c, 3)}`, { anchor: "middle" });
  pic.legend([{ colour: P.two_caps, label: "A: two antipodal caps" },
    { colour: P.cap, label: "C: one cap of the same area" }]);
});
