/**
 * The words the figures show — axis titles, panel titles, legends, the slider's label and
 * buttons — as a label set, so that a figure speaks the lesson's language. `FIGURE_LABELS.en` is
 * every builder's default; `FIGURE_LABELS.zh` is Chinese; `FIGURE_LABELS["zh-en"]` shows both,
 * Chinese first (`bilingualLabels` joins any two sets the same way). The words are src/words.ts's,
 * which the live page shares. Numbers and symbols (ℓ, μ, σ, x₁) are added by the builders and are
 * the same in every language.
 */
import type { CovarianceType } from "../em/covariance-type";
import { GmmInputError } from "../errors";
import { checkOptionNames, is } from "../validate";
import { COVARIANCE_TYPE_WORDS, FIGURE_WORDS, type Language, say } from "../words";

/** What the label functions take: an iteration or a component number, a covariance type's name. */
const LABEL_ARGUMENTS = {
  i: is.integer(0),
  from: is.integer(0),
  j: is.integer(0),
  type: is.oneOf(...(Object.keys(COVARIANCE_TYPE_WORDS) as (keyof typeof COVARIANCE_TYPE_WORDS)[])),
};

export interface FigureLabels {
  /** Axis title of the iteration axis. */
  iteration: string;
  /** A panel's or the slider's name for iteration i. */
  iterationNumber: (i: number) => string;
  /** Axis title of the log-likelihood axis; also its panel's title. */
  logLikelihood: string;
  /** The log-likelihood panel's title when its axis starts at iteration `from`. */
  logLikelihoodFrom: (from: number) => string;
  /** Component j (from 1) in legends and hover text. */
  component: (j: number) => string;
  /** Legend entries of the colour key. */
  mean: string;
  ellipses: string;
  /** The points before any E-step: grey, no responsibilities yet. */
  noEStep: string;
  /** What the snapshot grid's colours are (its caption). */
  gridCaption: string;
  /** The slider figure's left panel. */
  sliderPanel: string;
  /** The slider's buttons (the builder puts ▶ and ❚❚ before them). */
  play: string;
  pause: string;
  /** The data (a legend entry, a trace name). */
  data: string;
  /** The comparison's left panel: the means' paths, and with the final ellipses. */
  meanPaths: string;
  meanPathsAndEllipses: string;
  /** The BIC figure's default title, axis titles and legend title. */
  bicTitle: string;
  numberOfComponents: string;
  covarianceType: string;
  /** A covariance type's name in the legend. */
  covarianceTypeName: (type: CovarianceType) => string;
  /** The BIC figure's star: the model with the lowest BIC. */
  best: string;
  /** k-means' hard assignment and its boundary. */
  boundary: string;
  /** The lower-bound figure: its default title, the bound's curve, the touching point and L's maximum. */
  lowerBoundTitle: string;
  lowerBound: string;
  boundTouches: string;
  boundMaximum: string;
  /** ℓ after the step, at or above the bound's maximum. */
  logLikelihoodAfter: string;
  /** The axis of t along the path θ(t), and the value axis. */
  pathParameter: string;
  logLikelihoodAndBound: string;
  /** The density figure's default title, and its colour bar's title. */
  densityTitle: string;
  logDensity: string;
  /** The uncertainty figure's default title, and its colour bar's title. */
  uncertaintyTitle: string;
  uncertainty: string;
  /** The samples figure's right panel. */
  samples: string;
  /** The 1-D figure's panels: the parameters before and after a step. */
  before: string;
  after: string;
  /** The 1-D figure's sum of the weighted components, and its y axis. */
  mixture: string;
  probabilityDensity: string;
  /** The half-steps figure's three panels. */
  beforeStep: string;
  afterEStep: string;
  afterMStep: string;
  /** The criteria figure's default title, and its second star: the model with the lowest AIC. */
  criteriaTitle: string;
  bestAic: string;
}

export type FigureLocale = "en" | "zh" | "zh-en";

/** A label set in one language, from the word table. */
function labelSet(language: Language): FigureLabels {
  const w = (key: keyof typeof FIGURE_WORDS, values?: Record<string, number>) =>
    say(FIGURE_WORDS[key], language, values);
  return {
    iteration: w("iteration"),
    iterationNumber: (i) => w("iterationNumber", { i: LABEL_ARGUMENTS.i("i", i) }),
    logLikelihood: w("logLikelihood"),
    logLikelihoodFrom: (from) => w("logLikelihoodFrom", { from: LABEL_ARGUMENTS.from("from", from) }),
    component: (j) => w("component", { j: LABEL_ARGUMENTS.j("j", j) }),
    mean: w("mean"),
    ellipses: w("ellipses"),
    noEStep: w("noEStep"),
    gridCaption: w("gridCaption"),
    sliderPanel: w("sliderPanel"),
    play: w("play"),
    pause: w("pause"),
    data: w("data"),
    meanPaths: w("meanPaths"),
    meanPathsAndEllipses: w("meanPathsAndEllipses"),
    bicTitle: w("bicTitle"),
    numberOfComponents: w("numberOfComponents"),
    covarianceType: w("covarianceType"),
    covarianceTypeName: (type) => say(COVARIANCE_TYPE_WORDS[LABEL_ARGUMENTS.type("type", type)], language),
    best: w("best"),
    boundary: w("boundary"),
    lowerBoundTitle: w("lowerBoundTitle"),
    lowerBound: w("lowerBound"),
    boundTouches: w("boundTouches"),
    boundMaximum: w("boundMaximum"),
    logLikelihoodAfter: w("logLikelihoodAfter"),
    pathParameter: w("pathParameter"),
    logLikelihoodAndBound: w("logLikelihoodAndBound"),
    densityTitle: w("densityTitle"),
    logDensity: w("logDensity"),
    uncertaintyTitle: w("uncertaintyTitle"),
    uncertainty: w("uncertainty"),
    samples: w("samples"),
    before: w("before"),
    after: w("after"),
    mixture: w("mixture"),
    probabilityDensity: w("probabilityDensity"),
    beforeStep: w("beforeStep"),
    afterEStep: w("afterEStep"),
    afterMStep: w("afterMStep"),
    criteriaTitle: w("criteriaTitle"),
    bestAic: w("bestAic"),
  };
}

/**
 * Two label sets in one: each text is `first · second` (short texts) — the way a bilingual
 * slide puts both languages side by side. Texts that are the same in both appear once.
 */
export function bilingualLabels(first: FigureLabels, second: FigureLabels): FigureLabels {
  checkLabelSet("first", first);
  checkLabelSet("second", second);
  const both = (a: string, b: string) => (a === b ? a : `${a} · ${b}`);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(first) as (keyof FigureLabels)[]) {
    const a = first[key],
      b = second[key];
    out[key] =
      typeof a === "function"
        ? (...args: unknown[]) =>
            both((a as (...x: unknown[]) => string)(...args), (b as (...x: unknown[]) => string)(...args))
        : both(a as string, b as string);
  }
  return out as unknown as FigureLabels;
}

/** Throws unless `labels` has every entry of a `FigureLabels`, each a string or a function as the English set's. */
export function checkLabelSet(name: string, labels: unknown): FigureLabels {
  const english = ENGLISH;
  checkOptionNames(name, labels, Object.keys(english));
  for (const [key, value] of Object.entries(english)) {
    const given = (labels as Record<string, unknown>)[key];
    if (typeof given !== typeof value)
      throw new GmmInputError(`${name}.${key}`, `must be a ${typeof value}, as in FIGURE_LABELS.en`);
  }
  return labels as FigureLabels;
}

/** The label sets by locale: English (the default), Chinese, and both (Chinese first). */
const ENGLISH = labelSet(1);

export const FIGURE_LABELS: Readonly<Record<FigureLocale, FigureLabels>> = {
  en: ENGLISH,
  zh: labelSet(0),
  "zh-en": bilingualLabels(labelSet(0), labelSet(1)),
};
