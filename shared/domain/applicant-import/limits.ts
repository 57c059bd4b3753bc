/**
 * One import is one request: it is read whole, checked whole and written in one run of the
 * import function, so it must fit in a request body and finish well inside the function's
 * timeout. Bigger programs import several files; people already in the cohort are skipped, so
 * sending a file twice does no harm.
 */
export const MAX_IMPORT_ROWS = 5_000;
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
