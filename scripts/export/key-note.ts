// The teacher's key: the teacher's page (and so its PDF, which prints the answers open) opens with a
// note that it is the teacher's copy, naming the students' sheet and notebook that the same run
// wrote. Only the teacher's export adds it; the students' files never say it.
import { escapeHtml } from "../../src/figures/shared";

/** The students' files, as the note names them (e.g. "out/student/gmm-em.pdf"). */
export interface KeyNote {
  sheet: string;
  notebook: string;
}

/** The note's two lines, Chinese then English. */
export function keyNoteLines({ sheet, notebook }: KeyNote): [string, string] {
  return [
    `教师版：含全部答案。学生版（没有答案）是 ${sheet}（笔记本：${notebook}）。`,
    `The teacher's copy, with the answers. The students' sheet, without them, is ${sheet} (notebook: ${notebook}).`,
  ];
}

/** The class of the note's box (its style: scripts/export/template/gmm-em/gmm-em.css). */
export const KEY_NOTE_CLASS = "gmm-em-key-note";

/** `html` (the exported page) with the note at the start of its body. */
export function withKeyNote(html: string, note: KeyNote): string {
  const body = /<body[^>]*>/.exec(html);
  if (body === null) throw new Error("the key's note: the page has no <body>");
  const at = body.index + body[0].length;
  // The file names unbroken, to be read (and copied) whole.
  const paths = [note.sheet, note.notebook].map(escapeHtml);
  const line = (text: string) =>
    paths.reduce((html, path) => html.split(path).join(`<code>${path}</code>`), escapeHtml(text));
  const box = `\n<div class="${KEY_NOTE_CLASS}" role="note">${keyNoteLines(note)
    .map((text) => `<p>${line(text)}</p>`)
    .join("")}</div>`;
  return html.slice(0, at) + box + html.slice(at);
}
