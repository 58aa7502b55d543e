/** True when dist/sahifa.cjs exists and none of its sources changed since it was built. */
export function isBuildFresh(): boolean
/** Builds dist/sahifa.cjs and its manifest; resolves with the time taken in ms. */
export function build(): Promise<number>
