/**
 * What the page reads out at every step: the iteration, ℓ, the status, a problem (the library's
 * message, and what it means for the run), and the current parameters' table.
 */
import { formatNumber } from "../format";
import type { Elements } from "./elements";
import type { LiveSession, LiveStatus } from "./session";
import { componentHeading } from "./start-table";
import { type PageWord, subscript, words } from "./words";

/** What a run that cannot begin says first: the start, an option, or EM (the data). */
function invalidHeadline(argument: string | undefined): PageWord {
  if (argument !== undefined && /^(pi|mu|Sigma)\b/.test(argument)) return "invalid";
  return argument?.startsWith("options.") ? "invalidOption" : "cannotStart";
}

/** The status's words: what the run is doing and which half of EM comes next, or why it stopped. */
export function statusText(s: LiveSession, playing: boolean): string {
  const { status, problem } = s;
  if (playing) return words("playing");
  if (status === "ready") return `${words("ready")} (${words(s.nextHalf === "e" ? "nextE" : "nextM")})`;
  const key: Record<LiveStatus, PageWord> = {
    ready: "ready",
    converged: "converged",
    "max-iter": "maxIter",
    collapsed: "collapsed",
    invalid: invalidHeadline(problem?.argument),
    failed: "failed",
  };
  return status === "converged" ? `${words("converged")} (${words("convergedWhy")})` : words(key[status]);
}

/** Shows the iteration, ℓ, the status, the problem and its cure, and the current parameters. */
export function renderReadouts(el: Elements, s: LiveSession, playing: boolean): void {
  const ll = s.logLikelihood[s.logLikelihood.length - 1];
  el.iteration.textContent = String(s.iteration);
  el.logLikelihood.textContent = ll === undefined ? "–" : formatNumber(ll, 4);
  el.state.textContent = statusText(s, playing);
  const problem = s.problem;
  el.problem.hidden = problem === null;
  const cure = problem?.cure ?? null;
  el.cure.hidden = cure === null || !(cure.value > s.runOptions.regCovar);
  if (cure !== null) el.cure.textContent = words("cure", { r: cure.text });
  if (problem !== null) {
    const collapse = problem.component !== undefined;
    el.problemHeadline.textContent = collapse
      ? words("collapseHeadline", { i: problem.iteration!, j: subscript(problem.component! + 1) })
      : words(s.status === "invalid" ? invalidHeadline(problem.argument) : "failed");
    el.problemNote.textContent = collapse ? `(${words("collapseCounting", { c: problem.component! })})` : "";
    el.problemMessage.textContent = problem.message;
  }
  renderParams(el.currentBody, s);
}

/**
 * The current parameters' table: a row per component (made when their number changes), whose
 * cells' texts are set where they changed (a new table at every step cost a millisecond).
 */
function renderParams(body: HTMLTableSectionElement, s: LiveSession): void {
  const params = s.params;
  const k = params.pi.length;
  if (body.rows.length !== k) {
    body.innerHTML = params.pi
      .map((_, j) => `<tr><th scope="row">${componentHeading(j)}</th>${"<td></td>".repeat(6)}</tr>`)
      .join("");
  }
  for (let j = 0; j < k; j++) {
    const S = params.Sigma[j];
    const values = [params.pi[j], params.mu[j][0], params.mu[j][1], S[0][0], S[0][1], S[1][1]];
    const cells = body.rows[j].cells;
    for (let c = 0; c < values.length; c++) {
      const text = Number.isFinite(values[c]) ? formatNumber(values[c], 3) : "–";
      if (cells[c + 1].textContent !== text) cells[c + 1].textContent = text;
    }
  }
}
