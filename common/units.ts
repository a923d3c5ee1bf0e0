/**
 * What a series' unit says about its numbers, one rule for ingest, the service and the page. Units are
 * free text from the source (`units`, `GWh`, `%`); these tests are by name, any case.
 */

const COUNT_UNIT = /^(units?|vehicles?|cars?)$/i;
const NON_ADDITIVE_UNIT = /^(pct|%|percent|percentage|ratio|rate|share|index)$/i;

/** Whether `unit` counts whole things (units, vehicles, cars): never shown with decimals. */
export function isCountUnit(unit: string): boolean {
  return COUNT_UNIT.test(unit.trim());
}

/**
 * Whether a unit's months add up to a year (false for shares, rates, indices): only then do year-to-date
 * figures imply monthly ones and do year totals mean anything.
 */
export function isAdditiveUnit(unit: string): boolean {
  return !NON_ADDITIVE_UNIT.test(unit.trim());
}
