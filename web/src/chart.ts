import type { Chart as ChartClass, ChartConfiguration } from 'chart.js';
import { t } from './i18n.js';
import { compactAmount, formatMoney, toNumber } from './money.js';
import type { PerYear, Series } from './per-year.js';

declare global {
  interface Window {
    /** Chart.js's UMD build (dist/web/vendor/chart.umd.js), loaded before this module. */
    Chart?: typeof ChartClass;
  }
}

const COLOURS: Record<Series, { background: string; border: string }> = {
  commitments: { background: '#1f5f8b', border: '#123a56' },
  pledges: { background: '#b45f06', border: '#6e3903' },
};

let chart: ChartClass<'bar'> | null = null;

export function chartAvailable(): boolean {
  return typeof window.Chart === 'function';
}

/** Draws (or redraws) the per-year bar chart: commitments and pledges in separate stacks, never summed together. */
export function drawPerYearChart(canvas: HTMLCanvasElement, data: PerYear, highlightYear: number): void {
  const Chart = window.Chart;
  if (!Chart) return;
  const currencies = [...new Set(data.rows.map((r) => r.currency))];
  const labels = currencies.length > 1 ? data.rows.map((r) => `${r.year} ${r.currency}`) : data.rows.map((r) => String(r.year));
  const currency = currencies.length === 1 ? currencies[0] : '';
  const datasets = data.series.map((series) => ({
    label: t(`perYear.short.${series}`),
    data: data.rows.map((r) => toNumber(r.amounts[series])),
    backgroundColor: COLOURS[series].background,
    borderColor: COLOURS[series].border,
    borderWidth: 1,
    stack: series,
  }));
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: { labels, datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 14, font: { size: 12 } } },
        tooltip: {
          callbacks: {
            label: (item) => `${t(`perYear.${data.series[item.datasetIndex]}`)}: ${currency ? formatMoney({ amount: String(item.raw), currency }) : String(item.raw)}`,
          },
        },
      },
      scales: {
        x: {
          stacked: true,
          ticks: { font: (context) => ({ weight: context.tick?.label === String(highlightYear) ? 'bold' : 'normal' }) },
        },
        y: {
          stacked: true,
          beginAtZero: true,
          title: { display: Boolean(currency), text: currency },
          ticks: { callback: (value) => compactAmount(Number(value)) },
        },
      },
    },
  };
  if (chart) chart.destroy();
  chart = new Chart(canvas, config);
}

export function clearChart(): void {
  chart?.destroy();
  chart = null;
}
