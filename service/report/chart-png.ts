/**
 * SVG -> PNG with resvg (its native binary ships inside the npm package, so nothing is downloaded
 * at install). Email clients do not show SVG, and a PNG rendered here looks the same in all of them.
 */
import { Resvg } from '@resvg/resvg-js';
import { CHART_WIDTH } from './chart-svg.js';

/** Pixel density of the PNG: twice the CSS size, so charts stay sharp on high-density screens. */
export const CHART_SCALE = 2;

export function svgToPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: CHART_WIDTH * CHART_SCALE },
    // System fonts (DejaVu / Liberation on Debian); the SVG names its preferred families.
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}
