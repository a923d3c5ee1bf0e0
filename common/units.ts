/**
 * What a series' unit says about its numbers, one rule for ingest, the service and the page. Units are
 * free text from the source (`units`, `GWh`, `%`); these tests are by name, any case.
 */

const COUNT_UNIT = /^(units?|vehicles?|cars?)$/i;

/** Whether `unit` counts whole things (units, vehicles, cars): never shown with decimals. */
export function isCountUnit(unit: string): boolean {
  return COUNT_UNIT.test(unit.trim());
}
