// The hub dashboard's only script: a bar chart above each table marked data-chart, drawn by
// Chart.js from the table's own cells, so a chart can never disagree with the numbers beside it.
// No inline script anywhere (the Content-Security-Policy forbids it).
'use strict';

(function () {
  const COLOURS = ['#1d5c63', '#b4531f', '#6b5a9e', '#3d7a34', '#8a6d00'];

  function seriesOf(table) {
    const heads = Array.from(table.tHead.rows[0].cells);
    const rows = Array.from(table.tBodies[0].rows);
    const labels = rows.map(r => r.cells[0].textContent.trim());
    const series = [];
    heads.forEach((th, i) => {
      if (i === 0 || !th.classList.contains('num')) {
        return;
      }
      series.push({
        label: th.textContent.trim(),
        data: rows.map(r => Number(r.cells[i].dataset.value || 0)),
        backgroundColor: COLOURS[series.length % COLOURS.length],
      });
    });
    return { labels, series };
  }

  function draw() {
    if (typeof Chart === 'undefined') {
      return;
    }
    document.querySelectorAll('canvas[data-chart-for]').forEach(canvas => {
      const table = document.getElementById(canvas.dataset.chartFor);
      if (!table) {
        return;
      }
      const { labels, series } = seriesOf(table);
      // eslint-disable-next-line no-new
      new Chart(canvas, {
        type: 'bar',
        data: { labels, datasets: series },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          plugins: { legend: { position: 'bottom' } },
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        },
      });
      canvas.dataset.drawn = 'true';
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
