/* Dashboard charts, drawn with Chart.js from the accessible tables of the page.
 *
 * Every chart is built from the rows of its table, so the two can never disagree, and the page
 * keeps working without JavaScript (tables only). A table asks for a chart with:
 *   data-chart="bar"            the chart type
 *   data-chart-horizontal       bars along the x axis (long labels, many rows)
 *   data-chart-stacked          series stacked on each other
 *   data-chart-label="…"        the canvas's accessible name
 *   data-chart-suggested-max    the value axis reaches at least this far (100 for per cent)
 * Its series are the columns whose <th> has data-series (="line" for a line over the bars,
 * with data-series-axis="right" for a scale of its own); the labels are the rows' <th>.
 * Only <tbody> rows are read: totals in <tfoot> stay out of the chart.
 */
(function () {
  "use strict";

  if (typeof window.Chart === "undefined") {
    return;
  }
  const Chart = window.Chart;

  // Colours with at least 3:1 contrast against white, told apart by more than hue alone.
  const PALETTE = ["#0a58ca", "#b35900", "#198754", "#6f42c1", "#6c757d", "#b00020"];
  const LABEL_LENGTH = 32;

  function cellNumber(cell) {
    if (!cell) {
      return null;
    }
    // Numbers are written plainly; a decimal comma (Bulgarian) is read as a point.
    const text = cell.textContent.replace(/\s/g, "").replace(",", ".");
    if (text === "" || !/^-?\d+(\.\d+)?$/.test(text)) {
      return null;
    }
    return Number(text);
  }

  function shortLabel(label) {
    return label.length > LABEL_LENGTH ? label.slice(0, LABEL_LENGTH - 1) + "…" : label;
  }

  function readTable(table) {
    const headers = Array.from(table.tHead.rows[0].cells);
    const rows = Array.from(table.tBodies[0].rows);
    const labels = rows.map((row) => row.cells[0].textContent.trim());
    const datasets = [];
    headers.forEach((header, column) => {
      if (!header.hasAttribute("data-series")) {
        return;
      }
      const colour = PALETTE[datasets.length % PALETTE.length];
      const dataset = {
        label: header.textContent.trim(),
        data: rows.map((row) => cellNumber(row.cells[column])),
        backgroundColor: colour,
        borderColor: colour,
        order: 1,
      };
      if (header.dataset.series === "line") {
        dataset.type = "line";
        dataset.borderWidth = 2;
        dataset.pointRadius = 3;
        dataset.order = 0; // lower orders are drawn last: the line stays over the bars
      }
      if (header.dataset.seriesAxis === "right") {
        dataset.yAxisID = "right";
      }
      datasets.push(dataset);
    });
    return { labels: labels, datasets: datasets };
  }

  function options(table, data) {
    const horizontal = table.hasAttribute("data-chart-horizontal");
    const stacked = table.hasAttribute("data-chart-stacked");
    const categoryAxis = horizontal ? "y" : "x";
    const valueAxis = horizontal ? "x" : "y";
    const scales = {};
    scales[categoryAxis] = {
      stacked: stacked,
      ticks: {
        autoSkip: !horizontal,
        callback: function (value) {
          return shortLabel(this.getLabelForValue(value));
        },
      },
    };
    scales[valueAxis] = { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } };
    if (table.dataset.chartSuggestedMax) {
      scales[valueAxis].suggestedMax = Number(table.dataset.chartSuggestedMax);
    }
    const right = data.datasets.filter((dataset) => dataset.yAxisID === "right");
    if (right.length) {
      // Two scales: each says which series it measures.
      const left = data.datasets.filter((dataset) => dataset.yAxisID !== "right");
      scales[valueAxis].title = { display: true, text: left.map((d) => d.label).join(", ") };
      scales.right = {
        position: "right",
        beginAtZero: true,
        ticks: { precision: 0 },
        grid: { drawOnChartArea: false },
        title: { display: true, text: right.map((d) => d.label).join(", ") },
      };
    }
    return {
      indexAxis: horizontal ? "y" : "x",
      responsive: true,
      maintainAspectRatio: false,
      scales: scales,
      plugins: {
        legend: {
          display: data.datasets.length > 1,
          position: "bottom",
          // In the table's column order, whatever the drawing order.
          labels: { sort: (a, b) => a.datasetIndex - b.datasetIndex },
        },
      },
    };
  }

  function chartHeight(table, rowCount) {
    // Horizontal bars need room for every label; a column chart keeps a steady height.
    if (table.hasAttribute("data-chart-horizontal")) {
      return Math.max(10, rowCount * 2 + 4) + "rem";
    }
    return "18rem";
  }

  function draw(table) {
    const data = readTable(table);
    const hasNumbers = data.datasets.some((dataset) => dataset.data.some((v) => v !== null));
    if (!data.labels.length || !hasNumbers) {
      return; // nothing to draw: the table says it all
    }
    const wrapper = document.createElement("div");
    wrapper.className = "dashboard-chart";
    // Set through the CSSOM, which the Content-Security-Policy allows (unlike style="…").
    wrapper.style.height = chartHeight(table, data.labels.length);
    const canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", table.dataset.chartLabel || "");
    if (table.id) {
      canvas.id = table.id + "-chart";
      canvas.dataset.chartFor = table.id;
    }
    wrapper.appendChild(canvas);
    table.parentNode.insertBefore(wrapper, table);
    new Chart(canvas, { type: table.dataset.chart || "bar", data: data, options: options(table, data) });
  }

  function drawAll() {
    Chart.defaults.locale = document.documentElement.lang || "bg";
    Chart.defaults.color = "#212529";
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
      Chart.defaults.animation = false;
    }
    document.querySelectorAll("table[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
