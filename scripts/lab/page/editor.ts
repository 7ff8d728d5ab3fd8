// A code cell's editor: CodeMirror 6 with TypeScript's highlighting, line numbers, undo, brackets,
// and Jupyter's keys: Shift+Enter runs the cell and goes to the next, Ctrl/Cmd+Enter runs it in place.
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { javascript } from "@codemirror/lang-javascript";
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { EditorView, highlightActiveLine, keymap, lineNumbers } from "@codemirror/view";

export interface EditorHooks {
  /** The text changed (typed, pasted, undone, or set by the page). */
  changed(text: string): void;
  /** Shift+Enter (`next`: go on to the next cell) or Ctrl/Cmd+Enter. */
  run(next: boolean): void;
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
