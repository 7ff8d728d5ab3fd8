// Types of python.mjs (plain JavaScript: setup runs before npm ci), for the tests that call it.

/** A Python that ran the probe: its interpreter, version and which of PYTHON_MODULES it has. */
export interface ProbedPython {
  executable: string;
  version: string;
  modules: string[];
}

export const PYTHON_MODULES: { module: string; needed: boolean; serves: string }[];
export function onPath(name: string): string[];
export function pythonCandidates(root: string): string[][];
export function probePython(command: string[]): ProbedPython | undefined;
export function findPython(root: string): {
  probed: ProbedPython[];
  jupyter: ProbedPython | undefined;
  reference: ProbedPython | undefined;
  needed: string[];
};
export function howToGetJupyter(): string;
