// A code cell's editor: CodeMirror 6 with TypeScript's highlighting, line numbers, undo, brackets,
// and Jupyter's keys: Shift+Enter runs the cell and goes to the next, Ctrl/Cmd+Enter runs it in place.
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { javascript } from "@codemirror/lang-javascript";
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { StateEffect, StateField } from "@codemirror/state";
import { Decoration, type DecorationSet, EditorView, highlightActiveLine, keymap, lineNumbers } from "@codemirror/view";

export interface EditorHooks {
  /** The text changed (typed, pasted, undone, or set by the page). */
  changed(text: string): void;
  /** Shift+Enter (`next`: go on to the next cell) or Ctrl/Cmd+Enter. */
  run(next: boolean): void;
}

/** The line an error was raised on, marked until the cell is edited or run again. */
const setErrorLine = StateEffect.define<number | null>();
const errorLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    let next = tr.docChanged ? Decoration.none : marks;
    for (const effect of tr.effects) {
      if (!effect.is(setErrorLine)) continue;
      const line = effect.value;
      next =
        line === null || line < 1 || line > tr.state.doc.lines
          ? Decoration.none
          : Decoration.set([Decoration.line({ class: "lab-error-line" }).range(tr.state.doc.line(line).from)]);
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** Marks line `line` (from 1) as where the error was raised; null: no mark. */
export function markErrorLine(view: EditorView, line: number | null): void {
  view.dispatch({ effects: setErrorLine.of(line) });
}

export function codeEditor(parent: HTMLElement, text: string, hooks: EditorHooks): EditorView {
  return new EditorView({
    parent,
    doc: text,
    extensions: [
      keymap.of([
        {
          key: "Shift-Enter",
          run: () => {
            hooks.run(true);
            return true;
          },
        },
        {
          key: "Mod-Enter",
          run: () => {
            hooks.run(false);
            return true;
          },
        },
        ...defaultKeymap,
        ...historyKeymap,
        indentWithTab,
      ]),
      lineNumbers(),
      history(),
      highlightActiveLine(),
      bracketMatching(),
      indentOnInput(),
      syntaxHighlighting(defaultHighlightStyle),
      javascript({ typescript: true }),
      EditorView.lineWrapping,
      errorLine,
      EditorView.updateListener.of((u) => {
        if (u.docChanged) hooks.changed(u.state.doc.toString());
      }),
    ],
  });
}

/** Sets the editor's whole text (as one change, which undo takes back). */
export function setText(view: EditorView, text: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}
