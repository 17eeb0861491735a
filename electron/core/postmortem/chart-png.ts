import zlib from 'node:zlib';
import type { ChartSpec } from '../../../shared/methods/postmortem';
import { CHART_HEIGHT, CHART_WIDTH, chartGeometry } from './chart-svg';

type Rgb = readonly [number, number, number];

/**
 * A text-free raster of the same chart, only as the fallback Word requires beside an SVG image: the SVG is
 * what modern Word, LibreOffice and the HTML export show; this keeps older readers from a blank box.
 */
export function renderChartPng(chart: ChartSpec): Buffer {
  const pixels = Buffer.alloc(CHART_WIDTH * CHART_HEIGHT * 3, 255);
  const g = chartGeometry(chart);
  const plot = (x: number, y: number, color: Rgb) => {
    const px = Math.round(x);
    const py = Math.round(y);
    if (px < 0 || py < 0 || px >= CHART_WIDTH || py >= CHART_HEIGHT) return;
    pixels.set(color, (py * CHART_WIDTH + px) * 3);
  };
  const line = (x0: number, y0: number, x1: number, y1: number, color: Rgb, dash = 0) => {
    const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
    for (let i = 0; i <= steps; i++) {
      if (dash && Math.floor(i / dash) % 2 === 1) continue;
      const x = x0 + ((x1 - x0) * i) / steps;
      const y = y0 + ((y1 - y0) * i) / steps;
      plot(x, y, color);
      plot(x, y + 1, color);
    }
  };
  const left = g.x(g.from);
  const right = g.x(g.to);
  const bottom = g.y(g.min);
  line(left, bottom, right, bottom, [107, 114, 128]);
  line(left, g.y(g.max), left, bottom, [107, 114, 128]);
  if (chart.baseline !== null)
    line(left, g.y(chart.baseline), right, g.y(chart.baseline), [156, 163, 175], 6);
  for (let i = 1; i < chart.ts.length; i++) {
    line(
      g.x(chart.ts[i - 1] ?? 0),
      g.y(chart.values[i - 1] ?? 0),
      g.x(chart.ts[i] ?? 0),
      g.y(chart.values[i] ?? 0),
      [220, 38, 38],
    );
  }
  return encodePng(pixels);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(rgb: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(CHART_WIDTH, 0);
  header.writeUInt32BE(CHART_HEIGHT, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const stride = CHART_WIDTH * 3;
  const raw = Buffer.alloc((stride + 1) * CHART_HEIGHT);
  for (let y = 0; y < CHART_HEIGHT; y++) rgb.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
