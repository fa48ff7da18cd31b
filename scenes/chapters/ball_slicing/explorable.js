// Ball slicing: drag d (1 ... 1000, log scale) and the slice height x. The profile
// (1 - x^2)^((d-1)/2), the density of z = sqrt(d+2) x_1 against N(0, 1), and their exact total
// variation distance, all computed here from the closed forms; the stored exact TV of the
// ball-slices experiment is drawn as points (tests compare the two to 1e-9).
const D = kit.data;
const P = kit.theme.palette;
const FG = kit.theme.foreground;

// the density of z = sqrt(d+2) x_1 for x uniform in the ball B^d
function density(z, d) {
  const s2 = d + 2;
  if (z * z >= s2) return 0;
  return Math.exp(0.5 * (d - 1) * Math.log1p(-(z * z) / s2) - kit.lbeta(0.5, (d + 1) / 2)) /
    Math.sqrt(s2);
}
// its CDF: x_1^2 ~ Beta(1/2, (d+1)/2)
function cdf(z, d) {
  const x = z / Math.sqrt(d + 2);
  if (x <= -1) return 0;
  if (x >= 1) return 1;
  const half = 0.5 * kit.betainc(x * x, 0.5, (d + 1) / 2);
  return x >= 0 ? 0.5 + half : 0.5 - half;
}
// log f - log phi on 0 <= z < sqrt(d+2)
function logRatio(z, d) {
  const s2 = d + 2;
  return 0.5 * (d - 1) * Math.log1p(-(z * z) / s2) - kit.lbeta(0.5, (d + 1) / 2) -
    0.5 * Math.log(s2) + 0.5 * z * z + 0.5 * Math.log(2 * Math.PI);
}
// exact TV to N(0, 1): the densities cross at most twice on z > 0; between crossings the
// sign of f - phi is fixed, so TV is a sum of differences of the two exact CDFs
function tv(d) {
  const s = Math.sqrt(d + 2);
  const upper = Math.min(s, 60);
  const n = 4000;
  const grid = Array.from({ length: n }, (_, i) => (upper * i) / n);
  const h = grid.map((z) => logRatio(z, d));
  const breaks = [0];
  for (let i = 0; i + 1 < n; i++)
    if (Math.sign(h[i]) * Math.sign(h[i + 1]) < 0)
      breaks.push(kit.bisect((z) => logRatio(z, d), grid[i], grid[i + 1]));
  breaks.push(s);
  let total = 0;
  for (let k = 0; k + 1 < breaks.length; k++) {
    const a = breaks[k], b = breaks[k + 1];
    if (logRatio(0.5 * (a + b), d) > 0)
      total += cdf(b, d) - cdf(a, d) - (kit.normCdf(b) - kit.normCdf(a));
  }
  return 2 * total;
}
const profile = (x, d) => (Math.abs(x) < 1 ? Math.pow(1 - x * x, 0.5 * (d - 1)) : 0);
// for the tests: the closed forms this page draws
window.hidim = { density, cdf, tv, profile };

const dSlider = kit.logSlider({
  name: "d", label: "dimension d =", lo: 1, hi: 1000, steps: 600, value: 10,
  text: (d) => kit.fmt(d, 3),
});
// x in steps of 0.005: at d = 1000 one step moves z = x √(d+2) by 0.16
const xSlider = kit.slider({
  name: "x", label: "slice height x =", steps: 199, position: 60,
  toValue: (p) => p / 200, text: (x) => x.toFixed(3),
});

const rArea = kit.readout({
  name: "area", label: "size of the slice at x (its (d−1)-volume), as a share of the middle slice",
});
const rVar = kit.readout({
  name: "var", label: "variance of x₁", note: "= 1/(d+2): E x₁² = B(3/2, (d+1)/2) / B(1/2, (d+1)/2)",
});
const rZ = kit.readout({ name: "z", label: "the same height in standard units, z = x √(d+2)" });
const rGauss = kit.readout({ name: "gauss", label: "the Gaussian's share at z, e^(−z²/2)" });
const rTv = kit.readout({
  name: "tv", label: "total variation from √(d+2) x₁ to N(0, 1)",
  note: "(the most any event's probability differs between the two)",
});
const rScaled = kit.readout({
  name: "scaled", label: "(d + 2) × TV", note: `(tends to ${D.tv_constant.toFixed(3)} as d grows)`,
});

const slice = kit.chart({
  name: "profile", title: "The slice of the ball at height x",
  x: { min: -1, max: 1, label: "height x" },
  y: { min: 0, max: 1.05, label: "slice area / middle slice", ticks: [0, 0.5, 1] },
});
const bell = kit.chart({
  name: "density", title: "Rescaled: z = x √(d+2) against N(0, 1)",
  x: { min: -D.z_max, max: D.z_max, label: "z" },
  y: { min: 0, max: 0.6, label: "density" },
});
const dist = kit.chart({
  name: "tv", title: "How far from Gaussian: the exact TV",
  x: { min: 1, max: 1000, log: true, label: "dimension d" },
  y: { min: 1e-4, max: 1, log: true, label: "TV" },
});
const xs = kit.linspace(-1, 1, 801);
const zs = kit.linspace(-D.z_max, D.z_max, 801);
const phi = zs.map(kit.normPdf);
const ds = kit.linspace(0, 3, 121).map((k) => 10 ** k);
const c = D.tv_constant;
const curveTv = ds.map(tv);

kit.onDraw(() => {
  const d = dSlider.value, x = xSlider.value;
  const s = Math.sqrt(d + 2);
  const z = x * s;
  const area = profile(x, d);
  const t = tv(d);
  rArea.set(area, kit.fmt(area, 4));
  rVar.set(1 / (d + 2), kit.fmt(1 / (d + 2), 4));
  const off = Math.abs(z) > D.z_max ? ` (beyond the right-hand plot, which ends at ${D.z_max})` : "";
  rZ.set(z, z.toFixed(3) + off);
  rGauss.set(Math.exp(-0.5 * z * z), kit.fmt(Math.exp(-0.5 * z * z), 4));
  rTv.set(t, kit.fmt(t, 4));
  rScaled.set((d + 2) * t, ((d + 2) * t).toFixed(4));

  slice.clear();
  const prof = xs.map((v) => profile(v, d));
  slice.area(xs, prof, { colour: P.ball, opacity: 0.25 });
  slice.line(xs, prof, { colour: P.ball });
  slice.vline(x, { colour: P.highlight, dash: null });
  slice.vline(-x, { colour: P.highlight, dash: "3 5" });
  slice.dots([x], [area], { colour: P.highlight, r: 6 });
  slice.legend([{ colour: P.ball, label: "(1 − x²)^((d−1)/2)" },
    { colour: P.highlight, label: "the slice at x" }]);

  bell.clear();
  const f = zs.map((v) => density(v, d));
  bell.area(zs, f, { colour: P.ball, opacity: 0.25 });
  bell.line(zs, f, { colour: P.ball });
  bell.line(zs, phi, { colour: FG, dash: "7 6", width: 2 });
  bell.vline(z, { colour: P.highlight, dash: null });
  bell.legend([{ colour: P.ball, label: "density of √(d+2) x₁" },
    { colour: FG, label: "N(0, 1)", dash: true }]);

  dist.clear();
  dist.line(ds, ds.map((v) => c / (v + 2)), { colour: P.reference, dash: "7 6", width: 2 });
  dist.line(ds, curveTv, { colour: P.ball, width: 2 });
  dist.dots(D.sweep_dims, D.sweep_tv, { colour: P.ball, r: 3, hollow: true });
  dist.dots([d], [t], { colour: P.highlight, r: 6 });
  dist.legend([{ colour: P.ball, label: "exact TV (points: computed by the ball-slices experiment)" },
    { colour: P.reference, label: `${c.toFixed(3)} / (d + 2)`, dash: true },
    { colour: P.highlight, label: "your d" }]);
});
